export { APIConnectionError } from './api-connection-error.js'
export { APIError, type APIErrorInit } from './api-error.js'
export { APITimeoutError } from './api-timeout-error.js'
export { APIUserAbortError } from './api-user-abort-error.js'
export { AuthenticationError } from './authentication-error.js'
export { BadRequestError } from './bad-request-error.js'
export { ConflictError } from './conflict-error.js'
export { InternalServerError } from './internal-server-error.js'
export { NotFoundError } from './not-found-error.js'
export { PaymentRequiredError } from './payment-required-error.js'
export { PermissionDeniedError } from './permission-denied-error.js'
export { RateLimitError } from './rate-limit-error.js'
export {
  type APIErrorClass,
  errorClassFor,
  STATUS_CLASSES,
  STATUS_RANGE_CLASSES,
  type StatusRangeClass,
} from './status-classes.js'
export { UnprocessableEntityError } from './unprocessable-entity-error.js'
