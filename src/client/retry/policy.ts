import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff.js'
import { RetryBudget, type RetryBudgetOptions, validateBudgetOptions } from './budget.js'
import type { RetryStrategy } from './guidance.js'

/**
 * Retry behaviour as data. `maxAttempts` counts every attempt INCLUDING the first: the default 6 is one
 * request plus the five retries of the documented 1 s, 2 s, 4 s, 8 s, 16 s schedule.
 *
 * `statusDefaults` maps a status to a strategy; keys are an exact status (`'429'`) or a class (`'5xx'`).
 * An exact key wins over its class; a status with neither is never retried. A catalog entry's guidance
 * for the error code overrides these defaults.
 */
export interface RetryPolicy {
  readonly maxAttempts: number
  /** Overall time for the request, all attempts and waits included. */
  readonly deadlineMs: number
  /** The longest single wait the client accepts; a server asking for more fails at once. */
  readonly maxDelayMs: number
  readonly statusDefaults: Readonly<Record<string, RetryStrategy>>
  /** Methods safe to repeat (RFC 9110 §9.2.2). */
  readonly idempotentMethods: readonly string[]
  /** Methods repeated only when the request carries an Idempotency-Key. */
  readonly keyedMethods: readonly string[]
  readonly retryNetworkErrors: boolean
  readonly retryTimeouts: boolean
  readonly backoff: Required<BackoffOptions>
  /** Budget settings for each client's RetryBudget; `false` turns the budget off (not recommended). */
  readonly budget: Required<RetryBudgetOptions> | false
}

export type RetryPolicyInput = Partial<Omit<RetryPolicy, 'backoff' | 'budget'>> & {
  readonly backoff?: BackoffOptions
  readonly budget?: RetryBudgetOptions | false
}

export const DEFAULT_STATUS_STRATEGIES: Readonly<Record<string, RetryStrategy>> = Object.freeze({
  '408': 'backoff',
  '429': 'retry-after',
  '501': 'never',
  '4xx': 'never',
  '5xx': 'backoff',
})

const DEFAULTS = {
  maxAttempts: 6,
  deadlineMs: 60_000,
  maxDelayMs: 60_000,
  idempotentMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'],
  keyedMethods: ['POST', 'PATCH'],
  retryNetworkErrors: true,
  retryTimeouts: true,
} as const

/** Fills defaults and checks every number once, so decisions never re-validate. Throws RangeError. */
export function resolvePolicy(input: RetryPolicyInput = {}): RetryPolicy {
  const maxAttempts = input.maxAttempts ?? DEFAULTS.maxAttempts
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`)
  }
  const deadlineMs = positive('deadlineMs', input.deadlineMs ?? DEFAULTS.deadlineMs)
  const maxDelayMs = positive('maxDelayMs', input.maxDelayMs ?? DEFAULTS.maxDelayMs)
  const backoff = { ...DEFAULT_BACKOFF, ...definedOnly(input.backoff ?? {}) }
  positive('backoff.baseMs', backoff.baseMs)
  positive('backoff.capMs', backoff.capMs)
  return Object.freeze({
    maxAttempts,
    deadlineMs,
    maxDelayMs,
    statusDefaults: Object.freeze({ ...DEFAULT_STATUS_STRATEGIES, ...input.statusDefaults }),
    idempotentMethods: Object.freeze(upper(input.idempotentMethods ?? DEFAULTS.idempotentMethods)),
    keyedMethods: Object.freeze(upper(input.keyedMethods ?? DEFAULTS.keyedMethods)),
    retryNetworkErrors: input.retryNetworkErrors ?? DEFAULTS.retryNetworkErrors,
    retryTimeouts: input.retryTimeouts ?? DEFAULTS.retryTimeouts,
    backoff: Object.freeze(backoff),
    budget: input.budget === false ? false : Object.freeze(validateBudgetOptions(input.budget ?? {})),
  })
}

/** The budget a client instance should own under `policy`, or undefined when the policy turns it off. */
export function createRetryBudget(policy: RetryPolicy): RetryBudget | undefined {
  return policy.budget === false ? undefined : new RetryBudget(policy.budget)
}

/** The default strategy for `status`: exact status, then its class, else never. */
export function strategyForStatus(policy: RetryPolicy, status: number): RetryStrategy {
  const exact = policy.statusDefaults[String(status)]
  if (exact !== undefined) return exact
  return policy.statusDefaults[`${Math.floor(status / 100)}xx`] ?? 'never'
}

/** Whether repeating a request with this method cannot apply its effect twice. */
export function methodAllowsRetry(policy: RetryPolicy, method: string, hasIdempotencyKey: boolean): boolean {
  const normalized = method.toUpperCase()
  if (policy.idempotentMethods.includes(normalized)) return true
  return hasIdempotencyKey && policy.keyedMethods.includes(normalized)
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a finite number > 0`)
  return value
}

function upper(methods: readonly string[]): string[] {
  return methods.map((method) => method.toUpperCase())
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>
}
