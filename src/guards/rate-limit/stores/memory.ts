/**
 * In-process store: a bounded LRU of per-key state arrays, evaluated synchronously. Suits a single
 * instance; state is lost on restart and not shared, use SQLite or Redis for that.
 */
import { LruMap } from '../../../stores/lru.js'
import type { RateLimitDecision } from '../decision.js'
import { applyBlock, evaluatePlan, stateExpiresAt, stateLength } from '../evaluate.js'
import type { RateLimitPlan } from '../policy.js'
import type { RateLimitStore } from '../store.js'

export interface MemoryRateLimitStoreOptions {
  /** Most keys held; the least recently used key is forgotten beyond it. Default 10,000. */
  readonly maxKeys?: number
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number
}

export interface MemoryRateLimitStore extends RateLimitStore {
  consume(key: string, plan: RateLimitPlan, cost: number): RateLimitDecision
  peek(key: string, plan: RateLimitPlan, cost: number): RateLimitDecision
  block(key: string, plan: RateLimitPlan, durationMs: number): void
  reset(key: string, plan: RateLimitPlan): void
  /** Keys currently held (expired ones may linger until touched or evicted). */
  readonly size: number
}

class KeyState {
  constructor(
    public plan: RateLimitPlan,
    public state: Float64Array,
  ) {}
}

export function memoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): MemoryRateLimitStore {
  const entries = new LruMap<string, KeyState>({ maxEntries: options.maxKeys ?? 10_000 })
  const clock = options.clock ?? Date.now
  // Peeks and first-time rejections evaluate on a scratch copy so nothing is stored for them.
  let scratch = new Float64Array(0)

  const stateFor = (key: string, plan: RateLimitPlan, now: number): KeyState | undefined => {
    const entry = entries.get(key, now)
    if (entry === undefined) return undefined
    if (entry.plan !== plan) {
      // Two limiters share this store and prefix: only a plan with the same layout may reuse the state.
      if (entry.plan.signature !== plan.signature) {
        entries.delete(key)
        return undefined
      }
      entry.plan = plan
    }
    return entry
  }

  const scratchFor = (plan: RateLimitPlan, source: Float64Array | undefined): Float64Array => {
    const length = stateLength(plan)
    if (scratch.length !== length) scratch = new Float64Array(length)
    if (source === undefined) scratch.fill(0)
    else scratch.set(source)
    return scratch
  }

  return {
    defaultPrefix: '',
    get size() {
      return entries.size
    },
    consume(key, plan, cost) {
      const now = clock()
      const entry = stateFor(key, plan, now)
      if (entry !== undefined) {
        const decision = evaluatePlan(plan, entry.state, now, cost, true)
        // `stateFor` has just read the entry, so it is the most recent one.
        if (decision.allowed) entries.expireMostRecentAt(stateExpiresAt(plan, entry.state, now))
        return decision
      }
      const state = scratchFor(plan, undefined)
      const decision = evaluatePlan(plan, state, now, cost, true)
      if (decision.allowed) {
        const kept = state.slice()
        entries.set(key, new KeyState(plan, kept), stateExpiresAt(plan, kept, now))
      }
      return decision
    },
    peek(key, plan, cost) {
      const now = clock()
      const entry = entries.peek(key, now)
      const usable = entry !== undefined && entry.plan.signature === plan.signature ? entry.state : undefined
      return evaluatePlan(plan, scratchFor(plan, usable), now, cost, false)
    },
    block(key, plan, durationMs) {
      const now = clock()
      const entry = stateFor(key, plan, now)
      const state = entry?.state ?? new Float64Array(stateLength(plan))
      applyBlock(state, now, durationMs)
      entries.set(key, entry ?? new KeyState(plan, state), stateExpiresAt(plan, state, now))
    },
    reset(key) {
      entries.delete(key)
    },
  }
}
