/**
 * Retry guidance is data: the client reads it, the docs print it, the diff compares it.
 * `retry-after` means "wait what the server says (Retry-After), then retry".
 */
export type RetryStrategy = 'never' | 'backoff' | 'retry-after'

export interface RetryGuidance {
  readonly strategy: RetryStrategy
  /** How many retries the API documents (seed 004: "wait exactly Retry-After seconds, then retry once"). */
  readonly attempts?: number
}

export type RetryInput = RetryStrategy | RetryGuidance

/** The status defaults every seed agrees on: 429 waits, 5xx backs off (501 and 499 never), other 4xx never. */
export function defaultRetryFor(status: number): RetryGuidance {
  if (status === 429) return RETRY_AFTER
  if (status === 408) return BACKOFF
  if (status >= 500 && status !== 501) return BACKOFF
  return NEVER
}

export function resolveRetry(input: RetryInput | undefined, status: number): RetryGuidance {
  if (input === undefined) return defaultRetryFor(status)
  if (typeof input === 'string') return { strategy: input }
  return input.attempts === undefined
    ? { strategy: input.strategy }
    : { strategy: input.strategy, attempts: input.attempts }
}

export function isRetryable(guidance: RetryGuidance): boolean {
  return guidance.strategy !== 'never'
}

const NEVER: RetryGuidance = Object.freeze({ strategy: 'never' })
const BACKOFF: RetryGuidance = Object.freeze({ strategy: 'backoff' })
const RETRY_AFTER: RetryGuidance = Object.freeze({ strategy: 'retry-after' })
