import { APIError } from './api-error.js'

/** 422 Unprocessable Content. */
export class UnprocessableEntityError<
  C extends string | undefined = string | undefined,
  D = unknown,
> extends APIError<C, D> {
  override name = 'UnprocessableEntityError'
}
