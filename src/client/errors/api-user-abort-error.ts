import { APIError } from './api-error.js'

/** The caller's own AbortSignal fired: never retried. */
export class APIUserAbortError extends APIError<undefined, undefined> {
  override name = 'APIUserAbortError'

  constructor(cause?: unknown) {
    super({ status: 0, code: undefined, message: 'Request aborted by the caller', retryable: false, cause })
  }
}
