/**
 * The framework-free rate limiter: policies + a store + a failure policy. It answers plain
 * decision data; an HTTP layer turns a rejection into 429 RATE_LIMITED with the headers from
 * `headers.ts`, and a `StoreUnavailableError` (failure `closed`) into 503.
 */
import {
  awaitStore,
  callStore,
  DEFAULT_STORE_TIMEOUT_MS,
  type FailurePolicy,
  type StoreUnavailableError,
  storeUnavailable,
} from '../store-failure.js'
import { failedOpenDecision, type RateLimitDecision } from './decision.js'
import { compilePlan, type RateLimitPlan, type RateLimitPolicy } from './policy.js'
import type { MaybePromise, RateLimitStore } from './store.js'

export interface RateLimiterOptions {
  /** Checked and consumed together: a request is admitted only when every policy admits it. */
  readonly policies: readonly RateLimitPolicy[]
  readonly store: RateLimitStore
  /** What to do when the store fails or is slower than `storeTimeoutMs`. Default `open`. */
  readonly failure?: FailurePolicy
  /** Bound on one store call (asynchronous stores only). Default `DEFAULT_STORE_TIMEOUT_MS`. */
  readonly storeTimeoutMs?: number
  /** Namespaces this limiter's keys in a shared store. Default the store's `defaultPrefix`, else `rl:`. */
  readonly prefix?: string
}

export interface RateLimiter {
  readonly plan: RateLimitPlan
  /** Counts `cost` units (default 1) for `key` under every policy, or none when any policy rejects. */
  consume(key: string, cost?: number): Promise<RateLimitDecision>
  /** What `consume(key, cost)` would answer now, without counting. */
  peek(key: string, cost?: number): Promise<RateLimitDecision>
  /** Rejects every request for `key` for `seconds` (used to obey a remote site's 429). */
  block(key: string, seconds: number): Promise<void>
  /** Forgets the key's state under every policy. */
  reset(key: string): Promise<void>
}

function invalidCost(cost: number): RangeError | undefined {
  if (cost > 0 && Number.isFinite(cost)) return undefined
  return new RangeError(`rate-limit cost must be a positive finite number, got ${String(cost)}`)
}

function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const plan = compilePlan(options.policies)
  const store = options.store
  const failure: FailurePolicy = options.failure ?? 'open'
  if (failure !== 'open' && failure !== 'closed') {
    throw new RangeError(`failure must be 'open' or 'closed', got ${String(failure)}`)
  }
  const timeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS
  const prefix = options.prefix ?? store.defaultPrefix ?? 'rl:'

  const recover = (error: StoreUnavailableError): RateLimitDecision => {
    if (failure === 'open') return failedOpenDecision(plan)
    throw error
  }

  const failedNow = (operation: string, cause: unknown): Promise<RateLimitDecision> => {
    try {
      return Promise.resolve(recover(storeUnavailable(operation, cause)))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  // Written out per operation, without closures, because consume runs on every request.
  const settle = (operation: string, answer: MaybePromise<RateLimitDecision>): Promise<RateLimitDecision> =>
    isPromise(answer) ? awaitStore(operation, timeoutMs, answer, recover) : Promise.resolve(answer)

  const write = async (operation: string, call: () => MaybePromise<void>): Promise<void> => {
    // Administrative writes always surface a failure: there is nothing to admit or reject.
    await callStore(operation, timeoutMs, call)
  }

  return {
    plan,
    consume(key, cost = 1) {
      const invalid = invalidCost(cost)
      if (invalid) return Promise.reject(invalid)
      let answer: MaybePromise<RateLimitDecision>
      try {
        answer = store.consume(prefix + key, plan, cost)
      } catch (cause) {
        return failedNow('rate-limit consume', cause)
      }
      return settle('rate-limit consume', answer)
    },
    peek(key, cost = 1) {
      const invalid = invalidCost(cost)
      if (invalid) return Promise.reject(invalid)
      let answer: MaybePromise<RateLimitDecision>
      try {
        answer = store.peek(prefix + key, plan, cost)
      } catch (cause) {
        return failedNow('rate-limit peek', cause)
      }
      return settle('rate-limit peek', answer)
    },
    block(key, seconds) {
      if (!(seconds > 0) || !Number.isFinite(seconds)) {
        return Promise.reject(
          new RangeError(`block seconds must be a positive finite number, got ${seconds}`),
        )
      }
      return write('rate-limit block', () => store.block(prefix + key, plan, seconds * 1000))
    },
    reset(key) {
      return write('rate-limit reset', () => store.reset(prefix + key, plan))
    },
  }
}
