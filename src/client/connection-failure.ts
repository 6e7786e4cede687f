import { APIConnectionError } from './errors/api-connection-error.js'

/** A fetch failure as an APIConnectionError whose message names the system error (ECONNRESET, ENOTFOUND...). */
export function connectionError(cause: unknown): APIConnectionError {
  return new APIConnectionError(`Connection error: ${describe(cause)}`, cause)
}

function describe(cause: unknown): string {
  // fetch wraps the socket's error: TypeError('fetch failed', { cause: Error { code: 'ECONNRESET' } }).
  let current: unknown = cause
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    const next = (current as { cause?: unknown }).cause
    if (next === undefined) break
    current = next
  }
  return cause instanceof Error ? cause.message : String(cause)
}
