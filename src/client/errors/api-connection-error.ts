import { APIError } from './api-error.js'

/** No response arrived: the connection was refused or reset, DNS failed, the socket closed early. */
export class APIConnectionError extends APIError<undefined, undefined> {
  override name = 'APIConnectionError'

  constructor(message: string, cause?: unknown) {
    super({ status: 0, code: undefined, message, retryable: true, cause })
  }
}
