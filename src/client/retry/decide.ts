import { backoffDelay } from './backoff.js'
import type { RetryBudget } from './budget.js'
import type { RetryGuidance, RetryStrategy } from './guidance.js'
import { methodAllowsRetry, type RetryPolicy, strategyForStatus } from './policy.js'
import { type HeaderSource, readHeader } from './read-header.js'
import { parseRetryAfter } from './retry-after.js'

/**
 * How an attempt ended. `abort` is the caller's own signal (never retried); `timeout` is an attempt that
 * ran out of time (retried like a network error when the policy says so).
 */
export type AttemptOutcome = 'response' | 'network' | 'timeout' | 'abort'

export interface RetryDecisionInput {
  /** Attempts made so far, counting the one that just failed: 1 after the first request. */
  readonly attempt: number
  readonly method: string
  readonly hasIdempotencyKey: boolean
  /** Time since the first attempt started, waits included. */
  readonly elapsedMs: number
  readonly kind: AttemptOutcome
  readonly status?: number | undefined
  readonly headers?: HeaderSource | undefined
  /** The catalog's guidance for the response's error code; overrides the status default. */
  readonly guidance?: RetryGuidance | undefined
  /** Clock for HTTP-date Retry-After values; defaults to Date.now(). */
  readonly now?: number | undefined
}

export type RetryReason =
  | 'server-said-yes'
  | 'catalog-guidance'
  | 'status-default'
  | 'network-error'
  | 'timeout'

export type StopReason =
  | 'not-retryable'
  | 'method-not-idempotent'
  | 'max-attempts'
  | 'deadline'
  | 'wait-exceeds-cap'
  | 'budget-exhausted'
  | 'aborted'
  | 'server-said-no'

export type RetryDecision =
  | {
      readonly retry: true
      readonly delayMs: number
      readonly reason: RetryReason
      /** `server`: the wait the server asked for, taken exactly; `backoff`: our own schedule. */
      readonly delaySource: 'server' | 'backoff'
    }
  | {
      readonly retry: false
      readonly reason: StopReason
      /** The wait the server asked for, when it named one: what a RateLimitError's retryAfter reports. */
      readonly retryAfterMs?: number
    }

/**
 * The one place that decides whether to retry, and after how long.
 *
 * Order: an abort never retries. The server's `x-should-retry: true|false` wins over everything except
 * the bounds (attempts, deadline, wait cap, budget), the method rule included, since the server knows
 * whether it acted. Otherwise the catalog's guidance, else the policy's status default, picks the
 * strategy, and only idempotent methods (or POST/PATCH with an Idempotency-Key) repeat. A wait the
 * server names is taken exactly; without one the client backs off. A server wait above `maxDelayMs` or
 * past the deadline fails AT ONCE with `retryAfterMs`, rather than sleeping and then failing.
 *
 * Side effect, on purpose: the attempt's outcome is recorded in `budget` (a failure for server or
 * network trouble, a success for any other answer) and an allowed retry is spent from it. The caller
 * records successful attempts itself with `budget.recordSuccess()`.
 */
export function decideRetry(
  input: RetryDecisionInput,
  policy: RetryPolicy,
  budget: RetryBudget | undefined,
): RetryDecision {
  if (input.kind === 'abort') return { retry: false, reason: 'aborted' }

  const serverWaitMs =
    input.kind === 'response' ? parseRetryAfter(input.headers, input.now ?? Date.now()) : undefined
  const stop = (reason: StopReason): RetryDecision =>
    serverWaitMs === undefined
      ? { retry: false, reason }
      : { retry: false, reason, retryAfterMs: serverWaitMs }

  const verdict = classify(input, policy)
  if (budget) {
    if (isTrouble(input, verdict.strategy)) budget.recordFailure()
    else budget.recordSuccess()
  }
  if (verdict.strategy === 'never') return stop(verdict.stopReason)
  if (!verdict.serverSaidYes && !methodAllowsRetry(policy, input.method, input.hasIdempotencyKey)) {
    return stop('method-not-idempotent')
  }

  const retriesSoFar = Math.max(0, input.attempt - 1)
  if (input.attempt >= policy.maxAttempts) return stop('max-attempts')
  const documented = input.guidance?.attempts
  if (!verdict.serverSaidYes && documented !== undefined && retriesSoFar >= documented)
    return stop('max-attempts')

  const timeLeftMs = policy.deadlineMs - input.elapsedMs
  if (timeLeftMs <= 0) return stop('deadline')

  let delayMs: number
  let delaySource: 'server' | 'backoff'
  if (serverWaitMs !== undefined) {
    if (serverWaitMs > policy.maxDelayMs) return stop('wait-exceeds-cap')
    if (serverWaitMs >= timeLeftMs) return stop('deadline')
    delayMs = serverWaitMs
    delaySource = 'server'
  } else {
    // Our own schedule bends to the bounds: capped, and it must leave time for one more attempt.
    delayMs = Math.min(backoffDelay(input.attempt, policy.backoff), policy.maxDelayMs)
    if (delayMs >= timeLeftMs) return stop('deadline')
    delaySource = 'backoff'
  }

  if (budget && !budget.tryRetry()) return stop('budget-exhausted')
  return { retry: true, delayMs, reason: verdict.reason, delaySource }
}

type Verdict =
  | { readonly strategy: 'never'; readonly stopReason: StopReason; readonly serverSaidYes: false }
  | {
      readonly strategy: Exclude<RetryStrategy, 'never'>
      readonly reason: RetryReason
      readonly serverSaidYes: boolean
    }

function classify(input: RetryDecisionInput, policy: RetryPolicy): Verdict {
  if (input.kind === 'network') return fromSwitch(policy.retryNetworkErrors, 'network-error')
  if (input.kind === 'timeout') return fromSwitch(policy.retryTimeouts, 'timeout')
  const shouldRetry = readHeader(input.headers, 'x-should-retry')?.trim().toLowerCase()
  if (shouldRetry === 'false')
    return { strategy: 'never', stopReason: 'server-said-no', serverSaidYes: false }
  if (shouldRetry === 'true') return { strategy: 'backoff', reason: 'server-said-yes', serverSaidYes: true }
  if (input.guidance) return fromStrategy(input.guidance.strategy, 'catalog-guidance')
  if (input.status === undefined) return NOT_RETRYABLE
  return fromStrategy(strategyForStatus(policy, input.status), 'status-default')
}

const NOT_RETRYABLE: Verdict = { strategy: 'never', stopReason: 'not-retryable', serverSaidYes: false }

function fromSwitch(enabled: boolean, reason: RetryReason): Verdict {
  return enabled ? { strategy: 'backoff', reason, serverSaidYes: false } : NOT_RETRYABLE
}

function fromStrategy(strategy: RetryStrategy, reason: RetryReason): Verdict {
  return strategy === 'never' ? NOT_RETRYABLE : { strategy, reason, serverSaidYes: false }
}

/** Server or network trouble drains the budget; any other answer shows a healthy server. */
function isTrouble(input: RetryDecisionInput, strategy: RetryStrategy): boolean {
  if (input.kind !== 'response') return true
  const status = input.status ?? 0
  return status >= 500 || status === 429 || status === 408 || strategy !== 'never'
}
