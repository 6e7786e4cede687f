export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF, type Jitter } from './backoff.js'
export {
  DEFAULT_RETRY_BUDGET,
  RetryBudget,
  type RetryBudgetOptions,
  type RetryBudgetSnapshot,
  validateBudgetOptions,
} from './budget.js'
export {
  type AttemptOutcome,
  decideRetry,
  type RetryDecision,
  type RetryDecisionInput,
  type RetryReason,
  type StopReason,
} from './decide.js'
export type { WorkMeter } from './field-scanner.js'
export type { RetryGuidance, RetryStrategy } from './guidance.js'
export { parseHttpDate } from './http-date.js'
export {
  createRetryBudget,
  DEFAULT_STATUS_STRATEGIES,
  methodAllowsRetry,
  type RetryPolicy,
  type RetryPolicyInput,
  resolvePolicy,
  strategyForStatus,
} from './policy.js'
export { parseRateLimitField, type RateLimitPolicy, rateLimitWaitSeconds } from './ratelimit-field.js'
export { type HeaderSource, readHeader } from './read-header.js'
export { type ParseRetryAfterOptions, parseRetryAfter, parseRetryAfterValue } from './retry-after.js'
export { MAX_TIMER_DELAY_MS, sleep } from './sleep.js'
export {
  type BareItem,
  type InnerList,
  type Item,
  type ListMember,
  type Parameters,
  parseStructuredList,
} from './structured-field-list.js'
