import { APIError, type APIErrorInit } from './api-error.js'
import { AuthenticationError } from './authentication-error.js'
import { BadRequestError } from './bad-request-error.js'
import { ConflictError } from './conflict-error.js'
import { InternalServerError } from './internal-server-error.js'
import { NotFoundError } from './not-found-error.js'
import { PaymentRequiredError } from './payment-required-error.js'
import { PermissionDeniedError } from './permission-denied-error.js'
import { RateLimitError } from './rate-limit-error.js'
import { UnprocessableEntityError } from './unprocessable-entity-error.js'

export type APIErrorClass = new (init: APIErrorInit<any, any>) => APIError<any, any>

/** Status → class, as data: exact statuses first, then ranges; anything else is a plain APIError. */
export const STATUS_CLASSES: ReadonlyMap<number, APIErrorClass> = new Map<number, APIErrorClass>([
  [400, BadRequestError],
  [401, AuthenticationError],
  [402, PaymentRequiredError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [422, UnprocessableEntityError],
  [429, RateLimitError],
])

export interface StatusRangeClass {
  readonly min: number
  readonly max: number
  readonly errorClass: APIErrorClass
}

export const STATUS_RANGE_CLASSES: readonly StatusRangeClass[] = [
  { min: 500, max: Number.POSITIVE_INFINITY, errorClass: InternalServerError },
]

export function errorClassFor(status: number): APIErrorClass {
  const exact = STATUS_CLASSES.get(status)
  if (exact !== undefined) return exact
  for (const range of STATUS_RANGE_CLASSES) {
    if (status >= range.min && status <= range.max) return range.errorClass
  }
  return APIError
}
