import { APIError } from './api-error.js'

/** 404 Not Found. */
export class NotFoundError<C extends string | undefined = string | undefined, D = unknown> extends APIError<
  C,
  D
> {
  override name = 'NotFoundError'
}
