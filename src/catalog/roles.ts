/**
 * Roles are what the machinery needs from any catalog, whatever it names its codes: normalization
 * needs "the validation code", the not-found handler needs "the not-found code", and so on.
 * A catalog maps each role to one of its codes (explicitly, or by a well-known name).
 */
export type ErrorRole =
  | 'badRequest'
  | 'validation'
  | 'unauthorized'
  | 'paymentRequired'
  | 'forbidden'
  | 'notFound'
  | 'methodNotAllowed'
  | 'conflict'
  | 'idempotencyConflict'
  | 'idempotencyMismatch'
  | 'payloadTooLarge'
  | 'unsupportedMediaType'
  | 'unprocessable'
  | 'rateLimited'
  | 'clientClosed'
  | 'internal'
  | 'notImplemented'
  | 'upstream'
  | 'unavailable'
  | 'timeout'

/** Names a catalog may already use for a role; the first is the standard catalog's own code. */
export const ROLE_NAMES: Readonly<Record<ErrorRole, readonly string[]>> = {
  badRequest: ['BAD_REQUEST', 'INVALID_REQUEST'],
  validation: ['VALIDATION_ERROR', 'VALIDATION_FAILED', 'INVALID_PARAMS'],
  unauthorized: ['UNAUTHORIZED', 'UNAUTHENTICATED', 'AUTH_REQUIRED'],
  paymentRequired: ['PAYMENT_REQUIRED'],
  forbidden: ['FORBIDDEN', 'PERMISSION_DENIED'],
  notFound: ['NOT_FOUND'],
  methodNotAllowed: ['METHOD_NOT_ALLOWED'],
  conflict: ['CONFLICT'],
  idempotencyConflict: ['IDEMPOTENCY_CONFLICT'],
  idempotencyMismatch: ['IDEMPOTENCY_MISMATCH'],
  payloadTooLarge: ['PAYLOAD_TOO_LARGE', 'CONTENT_TOO_LARGE'],
  unsupportedMediaType: ['UNSUPPORTED_MEDIA_TYPE'],
  unprocessable: ['UNPROCESSABLE', 'UNPROCESSABLE_ENTITY'],
  rateLimited: ['RATE_LIMITED', 'RATE_LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS'],
  clientClosed: ['CLIENT_CLOSED_REQUEST', 'REQUEST_ABORTED'],
  internal: ['INTERNAL_ERROR', 'INTERNAL_SERVER_ERROR'],
  notImplemented: ['NOT_IMPLEMENTED'],
  upstream: ['UPSTREAM_ERROR', 'BAD_GATEWAY'],
  unavailable: ['SERVICE_UNAVAILABLE', 'UNAVAILABLE'],
  timeout: ['TIMEOUT', 'GATEWAY_TIMEOUT'],
}

export const ROLES = Object.keys(ROLE_NAMES) as ErrorRole[]

/** The role a status falls back to when a thrown value carries a status no catalog code has. */
export function roleForStatus(status: number): ErrorRole {
  switch (status) {
    case 400:
      return 'badRequest'
    case 401:
      return 'unauthorized'
    case 402:
      return 'paymentRequired'
    case 403:
      return 'forbidden'
    case 404:
      return 'notFound'
    case 405:
      return 'methodNotAllowed'
    case 409:
      return 'conflict'
    case 413:
      return 'payloadTooLarge'
    case 415:
      return 'unsupportedMediaType'
    case 422:
      return 'unprocessable'
    case 429:
      return 'rateLimited'
    case 499:
      return 'clientClosed'
    case 501:
      return 'notImplemented'
    case 502:
      return 'upstream'
    case 503:
      return 'unavailable'
    case 504:
      return 'timeout'
    default:
      return status >= 500 ? 'internal' : 'badRequest'
  }
}
