import type { AnyCatalog } from '../../catalog/define.js'
import type { FaultlineError } from '../../error.js'
import type { RateLimitDecision } from '../rate-limit/decision.js'
import { formatRateLimit, formatRateLimitPolicy, retryAfterHeader } from '../rate-limit/headers.js'
import type { RateLimiter } from '../rate-limit/limiter.js'
import type { GuardRequest } from './guard-request.js'

export interface RateLimitGuardOptions<R extends GuardRequest = GuardRequest> {
  readonly limiter: RateLimiter
  readonly catalog: AnyCatalog
  /** Whose budget a request spends: an API key, a user, a client IP. `undefined` skips limiting. */
  readonly key: (request: R) => string | undefined
  /** Units a request costs (default 1): weight expensive endpoints. */
  readonly cost?: ((request: R) => number) | undefined
  /** Send `RateLimit` and `RateLimit-Policy` on admitted responses too (default true). */
  readonly headersOnSuccess?: boolean | undefined
  /** The catalog code for a rejection; default the catalog's RATE_LIMITED (its `rateLimited` role). */
  readonly code?: string | undefined
}

/** Either the headers to add to the response, or the 429 to throw. */
export type RateLimitCheck = { readonly allowed: true; readonly headers: Record<string, string> }

export interface RateLimitGuard<R extends GuardRequest = GuardRequest> {
  /** Counts the request; throws the catalog's 429 (with Retry-After and RateLimit fields) when over. */
  check(request: R): Promise<RateLimitCheck>
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>

function limitHeaders(decision: RateLimitDecision): Record<string, string> {
  return { 'ratelimit-policy': formatRateLimitPolicy(decision), ratelimit: formatRateLimit(decision) }
}

/** The rejection as the catalog's error: integer Retry-After (rounded up) plus the IETF fields. */
export function rateLimitedError(
  catalog: AnyCatalog,
  decision: RateLimitDecision,
  code?: string | undefined,
): FaultlineError {
  const headers = limitHeaders(decision)
  const retryAfter = retryAfterHeader(decision)
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter
  const entry = code === undefined ? catalog.roleEntry('rateLimited') : catalog.entry(code)
  if (entry === undefined) throw new TypeError(`rate limit code ${code} is not in the catalog`)
  return catalog.fromEntry(entry, { headers })
}

/**
 * A framework-free rate-limit check for HTTP requests; each adapter's middleware calls it.
 * A store failure follows the limiter's own policy: open admits, closed rejects with
 * StoreUnavailableError, which the error layer answers as 503.
 */
export function createRateLimitGuard<R extends GuardRequest>(
  options: RateLimitGuardOptions<R>,
): RateLimitGuard<R> {
  const { limiter, catalog, key, cost, code } = options
  const onSuccess = options.headersOnSuccess ?? true
  if (code !== undefined && !catalog.has(code))
    throw new TypeError(`rate limit code ${code} is not in the catalog`)
  return {
    async check(request) {
      const who = key(request)
      if (who === undefined) return { allowed: true, headers: NO_HEADERS }
      const decision = await limiter.consume(who, cost ? cost(request) : 1)
      if (!decision.allowed) throw rateLimitedError(catalog, decision, code)
      return {
        allowed: true,
        headers: onSuccess && !decision.storeFailed ? limitHeaders(decision) : NO_HEADERS,
      }
    },
  }
}
