/**
 * The one interface every rate-limit store implements (memory, SQLite, Redis). A store receives
 * the whole plan so it can check and consume every policy in one atomic step: one synchronous
 * call in process, one transaction in SQLite, one script in Redis.
 *
 * A store may answer synchronously (memory, SQLite): the limiter then skips the timeout machinery.
 */
import type { RateLimitDecision } from './decision.js'
import type { RateLimitPlan } from './policy.js'

export type MaybePromise<T> = T | Promise<T>

export interface RateLimitStore {
  /**
   * The key prefix a limiter uses when given none. Shared stores (SQLite, Redis) leave it to the
   * limiter's `rl:`, which keeps their keyspace apart from other data; an in-process store, which holds
   * nothing else, answers `''` and spares every decision a string concatenation and a fresh hash.
   */
  readonly defaultPrefix?: string
  /** Admits `cost` units under every policy of `plan` or under none, and says so. */
  consume(key: string, plan: RateLimitPlan, cost: number): MaybePromise<RateLimitDecision>
  /** What `consume` would answer, without counting anything. */
  peek(key: string, plan: RateLimitPlan, cost: number): MaybePromise<RateLimitDecision>
  /** Rejects everything for `key` for `durationMs` (a longer existing block is kept). */
  block(key: string, plan: RateLimitPlan, durationMs: number): MaybePromise<void>
  /** Forgets all state of `key`. */
  reset(key: string, plan: RateLimitPlan): MaybePromise<void>
}
