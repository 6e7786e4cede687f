import { APIError } from './api-error.js'

/** 403 Forbidden. */
export class PermissionDeniedError<
  C extends string | undefined = string | undefined,
  D = unknown,
> extends APIError<C, D> {
  override name = 'PermissionDeniedError'
}
