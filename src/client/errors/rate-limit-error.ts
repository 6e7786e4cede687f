import { APIError } from './api-error.js'

/** 429 Too Many Requests. `retryAfter` (seconds) is what the server asked for, when it said. */
export class RateLimitError<C extends string | undefined = string | undefined, D = unknown> extends APIError<
  C,
  D
> {
  override name = 'RateLimitError'
}
