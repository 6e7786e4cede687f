import { APIError } from './api-error.js'

/** Any status from 500 up: the server failed, not the request. */
export class InternalServerError<
  C extends string | undefined = string | undefined,
  D = unknown,
> extends APIError<C, D> {
  override name = 'InternalServerError'
}
