/**
 * Evaluates a plan against one key's state, in process (memory and SQLite stores; the Redis
 * script mirrors these steps in Lua). All policies are checked first and consumed only if every
 * one admits the cost, so a rejected request consumes nothing anywhere.
 *
 * State layout: [blocked-until (ms), then 3 numbers per policy in plan order].
 */
import { type RateLimitDecision, type RateLimitPolicyState, secondsCeil } from './decision.js'
import { gcraConsume, gcraRemaining, gcraResetMs, gcraWaitMs } from './gcra.js'
import { ALGORITHM_GCRA, type CompiledPolicy, type RateLimitPlan } from './policy.js'
import {
  slidingWindowConsume,
  slidingWindowRemaining,
  slidingWindowResetMs,
  slidingWindowRoll,
  slidingWindowWaitMs,
} from './sliding-window.js'

export const BLOCK_SLOT = 0
export const SLOTS_PER_POLICY = 3

export function stateLength(plan: RateLimitPlan): number {
  return 1 + SLOTS_PER_POLICY * plan.policies.length
}

export function policySlot(index: number): number {
  return 1 + SLOTS_PER_POLICY * index
}

function waitMs(policy: CompiledPolicy, state: Float64Array, at: number, now: number, cost: number): number {
  if (policy.algorithmTag === ALGORITHM_GCRA) return gcraWaitMs(policy, state, at, now, cost)
  slidingWindowRoll(policy, state, at, now)
  return slidingWindowWaitMs(policy, state, at, now, cost)
}

function policyState(
  policy: CompiledPolicy,
  state: Float64Array,
  at: number,
  now: number,
  blockedMs: number,
): RateLimitPolicyState {
  const gcra = policy.algorithmTag === ALGORITHM_GCRA
  const resetMs = gcra ? gcraResetMs(state, at, now) : slidingWindowResetMs(policy, state, at, now)
  return {
    name: policy.name,
    limit: policy.limit,
    remaining:
      blockedMs > 0
        ? 0
        : gcra
          ? gcraRemaining(policy, state, at, now)
          : slidingWindowRemaining(policy, state, at, now),
    resetSeconds: secondsCeil(resetMs > blockedMs ? resetMs : blockedMs),
    windowSeconds: policy.windowSeconds,
  }
}

/**
 * Decides `cost` units for one key at `now` and, when `commit` and admitted, updates `state` in place.
 * Returns the decision and, through `state`, what to persist.
 */
export function evaluatePlan(
  plan: RateLimitPlan,
  state: Float64Array,
  now: number,
  cost: number,
  commit: boolean,
): RateLimitDecision {
  const policies = plan.policies
  const count = policies.length
  const blockedUntil = state[BLOCK_SLOT]!
  const blockedMs = blockedUntil > now ? blockedUntil - now : 0
  let wait = blockedMs
  for (let i = 0; i < count; i++) {
    const w = waitMs(policies[i]!, state, policySlot(i), now, cost)
    if (w > wait) wait = w
  }
  const allowed = wait === 0
  if (allowed && commit) {
    for (let i = 0; i < count; i++) {
      const policy = policies[i]!
      if (policy.algorithmTag === ALGORITHM_GCRA) gcraConsume(policy, state, policySlot(i), now, cost)
      else slidingWindowConsume(state, policySlot(i), cost)
    }
  }
  const states: RateLimitPolicyState[] = new Array(count)
  for (let i = 0; i < count; i++) states[i] = policyState(policies[i]!, state, policySlot(i), now, blockedMs)
  if (allowed) return { allowed, policies: states }
  if (wait === Number.POSITIVE_INFINITY) return { allowed, policies: states }
  return { allowed, policies: states, retryAfterSeconds: secondsCeil(wait) }
}

/** Adds a block until `now + durationMs` (an existing longer block is kept). */
export function applyBlock(state: Float64Array, now: number, durationMs: number): void {
  const until = now + durationMs
  if (until > state[BLOCK_SLOT]!) state[BLOCK_SLOT] = until
}

/** Absolute time after which this state reads exactly like a fresh one and may be dropped. */
export function stateExpiresAt(plan: RateLimitPlan, state: Float64Array, now: number): number {
  let latest = state[BLOCK_SLOT]!
  const policies = plan.policies
  for (let i = 0; i < policies.length; i++) {
    const at = policySlot(i)
    const policy = policies[i]!
    const until = policy.algorithmTag === ALGORITHM_GCRA ? state[at]! : state[at]! + 2 * policy.windowMs
    if (until > latest) latest = until
  }
  return latest > now ? latest : now
}
