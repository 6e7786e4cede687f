import { APIError } from './api-error.js'

/** 401 Unauthorized. */
export class AuthenticationError<
  C extends string | undefined = string | undefined,
  D = unknown,
> extends APIError<C, D> {
  override name = 'AuthenticationError'
}
