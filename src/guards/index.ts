export type { GuardRequest } from './http/guard-request.js'
export {
  createIdempotencyFlow,
  type IdempotencyFlowOptions,
  type IdempotencyStep,
} from './http/idempotency.js'
export { createRateLimitGuard, type RateLimitGuardOptions, rateLimitedError } from './http/rate-limit.js'
export * from './idempotency/index.js'
export * from './quota/index.js'
export type { RateLimitDecision, RateLimitPolicyState } from './rate-limit/decision.js'
export { formatRateLimit, formatRateLimitPolicy, retryAfterHeader } from './rate-limit/headers.js'
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limit/limiter.js'
export {
  createOutgoingLimiter,
  type OutgoingLimiter,
  type OutgoingLimiterOptions,
} from './rate-limit/outgoing.js'
export type { RateLimitAlgorithm, RateLimitPolicy } from './rate-limit/policy.js'
export type { RateLimitStore } from './rate-limit/store.js'
export { type MemoryRateLimitStoreOptions, memoryRateLimitStore } from './rate-limit/stores/memory.js'
export {
  callStore,
  DEFAULT_STORE_TIMEOUT_MS,
  type FailurePolicy,
  isStoreUnavailable,
  StoreUnavailableError,
} from './store-failure.js'
export { ClientGoneError, DeadlineExceededError, type DeadlineOptions, withDeadline } from './timeout.js'
