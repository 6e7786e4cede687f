/**
 * A per-client retry budget: gRPC retry throttling (gRFC A6). A token count starts full at `maxTokens`;
 * every failed attempt (server trouble: 5xx, 429, 408, network error, timeout) removes 1 token, every
 * successful attempt adds `tokenRatio`. Retries are allowed only while tokens > maxTokens / 2.
 *
 * Why this scheme: during a total outage the tokens only fall, so a client makes at most about
 * maxTokens / 2 retries in all before it stops retrying; load stays near 1× instead of multiplying
 * by maxAttempts. Once requests succeed again, tokens refill by `tokenRatio` each and retries resume.
 * With tokenRatio 0.1, retries keep flowing while fewer than about 1 attempt in 10 fails.
 */
export interface RetryBudgetOptions {
  /** Token capacity; retries need more than half of it. Default 10. */
  readonly maxTokens?: number
  /** Tokens a success adds back. Default 0.1. */
  readonly tokenRatio?: number
}

export const DEFAULT_RETRY_BUDGET: Required<RetryBudgetOptions> = Object.freeze({
  maxTokens: 10,
  tokenRatio: 0.1,
})

export interface RetryBudgetSnapshot {
  readonly tokens: number
  readonly maxTokens: number
  readonly tokenRatio: number
  /** Retries are allowed while tokens exceed this. */
  readonly threshold: number
  readonly retryAllowedNow: boolean
  readonly successes: number
  readonly failures: number
  readonly retriesAllowed: number
  readonly retriesDenied: number
}

/** Tokens are kept in thousandths (as gRPC does) so repeated 0.1 additions never drift. */
const MILLI = 1000

export class RetryBudget {
  readonly maxTokens: number
  readonly tokenRatio: number
  private milliTokens: number
  private readonly maxMilliTokens: number
  private readonly ratioMilli: number
  private successes = 0
  private failures = 0
  private retriesAllowed = 0
  private retriesDenied = 0

  constructor(options: RetryBudgetOptions = {}) {
    const { maxTokens, tokenRatio } = validateBudgetOptions(options)
    this.maxTokens = maxTokens
    this.tokenRatio = tokenRatio
    this.maxMilliTokens = Math.round(maxTokens * MILLI)
    this.ratioMilli = Math.round(tokenRatio * MILLI)
    this.milliTokens = this.maxMilliTokens
  }

  /** An attempt succeeded, or the server answered in a way a retry cannot change (e.g. 404). */
  recordSuccess(): void {
    this.successes++
    this.milliTokens = Math.min(this.maxMilliTokens, this.milliTokens + this.ratioMilli)
  }

  /** An attempt failed with server or network trouble. */
  recordFailure(): void {
    this.failures++
    this.milliTokens = Math.max(0, this.milliTokens - MILLI)
  }

  /** Whether a retry would be allowed now; counts nothing. */
  canRetry(): boolean {
    return this.milliTokens * 2 > this.maxMilliTokens
  }

  /** Asks to spend a retry: says yes or no and counts the answer. */
  tryRetry(): boolean {
    const allowed = this.canRetry()
    if (allowed) this.retriesAllowed++
    else this.retriesDenied++
    return allowed
  }

  snapshot(): RetryBudgetSnapshot {
    return {
      tokens: this.milliTokens / MILLI,
      maxTokens: this.maxTokens,
      tokenRatio: this.tokenRatio,
      threshold: this.maxTokens / 2,
      retryAllowedNow: this.canRetry(),
      successes: this.successes,
      failures: this.failures,
      retriesAllowed: this.retriesAllowed,
      retriesDenied: this.retriesDenied,
    }
  }
}

export function validateBudgetOptions(options: RetryBudgetOptions): Required<RetryBudgetOptions> {
  const maxTokens = options.maxTokens ?? DEFAULT_RETRY_BUDGET.maxTokens
  const tokenRatio = options.tokenRatio ?? DEFAULT_RETRY_BUDGET.tokenRatio
  if (!Number.isFinite(maxTokens) || maxTokens <= 0 || maxTokens > 1000) {
    throw new RangeError(`retry budget maxTokens must be in (0, 1000], got ${maxTokens}`)
  }
  // Tokens are counted in thousandths, so a smaller ratio would round to no refill at all.
  if (!Number.isFinite(tokenRatio) || tokenRatio < 0.001 || tokenRatio > maxTokens) {
    throw new RangeError(`retry budget tokenRatio must be in [0.001, maxTokens], got ${tokenRatio}`)
  }
  return { maxTokens, tokenRatio }
}
