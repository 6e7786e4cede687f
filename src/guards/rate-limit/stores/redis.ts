/**
 * Redis store (ioredis): every instance sharing the server shares the counts. One decision is one
 * round trip: a single Lua script, registered with `defineCommand`, which sends EVALSHA and falls
 * back to EVAL when the server answers NOSCRIPT (after a restart or SCRIPT FLUSH). A plan of one
 * GCRA policy decides through a script made for it (`redis-gcra-script.ts`); any other plan, and
 * `block`/`reset`, through the general one.
 *
 * So that a dead Redis fails fast instead of queueing, create the client with
 *   new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 200 })
 * and keep the limiter's `storeTimeoutMs` a little above `commandTimeout`.
 *
 * Keys: `{<limiter key>}:<policy>` per policy and `{<limiter key>}:block`, all with a TTL; the
 * braces keep one client's keys in one Redis Cluster slot, as a multi-key script requires.
 */
import type { Redis } from 'ioredis'
import type { RateLimitDecision, RateLimitPolicyState } from '../decision.js'
import { secondsCeil } from '../decision.js'
import type { RateLimitPlan } from '../policy.js'
import type { RateLimitStore } from '../store.js'
import { ONE_GCRA_LUA } from './redis-gcra-script.js'
import {
  ARGS_PER_POLICY,
  MODE_BLOCK,
  MODE_CONSUME,
  MODE_PEEK,
  MODE_RESET,
  RATE_LIMIT_LUA,
} from './redis-script.js'

/** Versioned so two Faultline versions on one connection never run each other's script. */
const COMMAND = 'faultlineRateLimitV1'
const ONE_GCRA_COMMAND = 'faultlineRateLimitOneGcraV1'

type ScriptReply = number[]
type ScriptCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<ScriptReply>
type OneGcraCommand = (
  blockKey: string,
  stateKey: string,
  mode: string,
  cost: number,
  intervalMs: string,
  toleranceMs: string,
) => Promise<ScriptReply>

export interface RedisRateLimitStore extends RateLimitStore {
  consume(key: string, plan: RateLimitPlan, cost: number): Promise<RateLimitDecision>
  peek(key: string, plan: RateLimitPlan, cost: number): Promise<RateLimitDecision>
  block(key: string, plan: RateLimitPlan, durationMs: number): Promise<void>
  reset(key: string, plan: RateLimitPlan): Promise<void>
}

function keysFor(key: string, plan: RateLimitPlan): string[] {
  const tagged = `{${key}}:`
  const keys = [`${tagged}block`]
  for (const policy of plan.policies) keys.push(tagged + policy.stateId)
  return keys
}

/**
 * Plan constants as script arguments, computed once per plan and already strings: the client would
 * otherwise turn each number into text on every decision.
 */
const planArgs = new WeakMap<RateLimitPlan, string[]>()
function argsFor(plan: RateLimitPlan): string[] {
  let args = planArgs.get(plan)
  if (args === undefined) {
    args = []
    for (const p of plan.policies) {
      const row = [p.algorithmTag, p.windowMs, p.limit, p.intervalMs, p.toleranceMs, 0]
      if (row.length !== ARGS_PER_POLICY) throw new Error('script argument layout mismatch')
      for (const value of row) args.push(String(value))
    }
    planArgs.set(plan, args)
  }
  return args
}

/**
 * For a plan of one GCRA policy, the one-GCRA script's constants (interval, tolerance) as ready strings,
 * made once per plan; undefined for any other plan.
 */
const oneGcraArgs = new WeakMap<RateLimitPlan, readonly [string, string] | null>()
function oneGcraArgsFor(plan: RateLimitPlan): readonly [string, string] | undefined {
  let args = oneGcraArgs.get(plan)
  if (args === undefined) {
    const [only] = plan.policies
    args =
      plan.policies.length === 1 && only?.algorithm === 'gcra'
        ? [String(only.intervalMs), String(only.toleranceMs)]
        : null
    oneGcraArgs.set(plan, args)
  }
  return args ?? undefined
}

/** Both scripts reply [allowed, wait ms, then remaining and reset ms per policy]. */
function decisionFromReply(plan: RateLimitPlan, reply: ScriptReply): RateLimitDecision {
  const policies: RateLimitPolicyState[] = plan.policies.map((p, i) => ({
    name: p.name,
    limit: p.limit,
    remaining: Number(reply[2 + 2 * i]),
    resetSeconds: secondsCeil(Number(reply[3 + 2 * i])),
    windowSeconds: p.windowSeconds,
  }))
  const allowed = Number(reply[0]) === 1
  const waitMs = Number(reply[1])
  if (allowed || waitMs < 0) return { allowed, policies }
  return { allowed, policies, retryAfterSeconds: Math.max(1, secondsCeil(waitMs)) }
}

export function redisRateLimitStore(client: Redis): RedisRateLimitStore {
  const registry = client as unknown as Record<string, ScriptCommand | undefined>
  if (typeof registry[COMMAND] !== 'function') client.defineCommand(COMMAND, { lua: RATE_LIMIT_LUA })
  const run = registry[COMMAND]!.bind(client)
  if (typeof registry[ONE_GCRA_COMMAND] !== 'function') {
    client.defineCommand(ONE_GCRA_COMMAND, { lua: ONE_GCRA_LUA, numberOfKeys: 2 })
  }
  const runOneGcra = (registry[ONE_GCRA_COMMAND] as unknown as OneGcraCommand).bind(client)

  const call = (key: string, plan: RateLimitPlan, mode: number, cost: number, blockMs: number) => {
    const keys = keysFor(key, plan)
    return run(keys.length, ...keys, mode, cost, blockMs, ...argsFor(plan))
  }

  const decide = async (key: string, plan: RateLimitPlan, mode: number, cost: number) => {
    const oneGcra = oneGcraArgsFor(plan)
    if (oneGcra === undefined) return decisionFromReply(plan, await call(key, plan, mode, cost, 0))
    const tagged = `{${key}}:`
    const stateKey = tagged + plan.policies[0]!.stateId
    const [interval, tolerance] = oneGcra
    return decisionFromReply(
      plan,
      await runOneGcra(`${tagged}block`, stateKey, String(mode), cost, interval, tolerance),
    )
  }

  return {
    consume(key, plan, cost) {
      return decide(key, plan, MODE_CONSUME, cost)
    },
    peek(key, plan, cost) {
      return decide(key, plan, MODE_PEEK, cost)
    },
    async block(key, plan, durationMs) {
      await call(key, plan, MODE_BLOCK, 0, durationMs)
    },
    async reset(key, plan) {
      await call(key, plan, MODE_RESET, 0, 0)
    },
  }
}
