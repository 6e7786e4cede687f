export {
  type Client,
  type ClientOptions,
  createClient,
  DEFAULT_TIMEOUT_MS,
  RETRY_ATTEMPT_HEADER,
  type RequestOptions,
  type RetryEvent,
} from './create-client.js'
export { DEFAULT_MAX_ERROR_BODY_BYTES } from './decode-body.js'
export * from './errors/index.js'
export { IDEMPOTENCY_KEY_HEADER, type IdempotencyKeyMode } from './idempotency-key.js'
export { type APIErrorOf, isCatalogError, isErrorCode } from './is-error-code.js'
export {
  type ErrorResponseRecord,
  type ParseErrorOptions,
  parseError,
  parseErrorSync,
} from './parse-error.js'
export type { Query, QueryValue } from './request-url.js'
export {
  parseRetryAfter,
  RetryBudget,
  type RetryBudgetSnapshot,
  type RetryPolicy,
  type RetryPolicyInput,
  resolvePolicy,
} from './retry/index.js'
