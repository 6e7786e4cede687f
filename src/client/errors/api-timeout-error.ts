import { APIConnectionError } from './api-connection-error.js'

/** An attempt ran past its time limit before the response (body included) arrived. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError'

  constructor(timeoutMs: number, cause?: unknown) {
    super(`Request timed out after ${timeoutMs} ms`, cause)
  }
}
