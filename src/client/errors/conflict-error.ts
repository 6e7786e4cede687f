import { APIError } from './api-error.js'

/** 409 Conflict. */
export class ConflictError<C extends string | undefined = string | undefined, D = unknown> extends APIError<
  C,
  D
> {
  override name = 'ConflictError'
}
