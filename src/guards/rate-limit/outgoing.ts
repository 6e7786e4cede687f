/**
 * Limits the calls the API makes to other sites, per destination host (10 per minute by default,
 * the OUTGOING_RATE_LIMITED rule), through a shared store so every instance counts together. It
 * also obeys the destination: after a 429 (or 503) with Retry-After, or a RateLimit header showing
 * no quota left, the host is blocked in the store for that long, for every instance sharing it.
 *
 * Hosts are compared by lowercase hostname (port ignored); subdomains count separately.
 */
import type { FailurePolicy } from '../store-failure.js'
import type { RateLimitDecision } from './decision.js'
import type { HeaderBag } from './keys.js'
import { createRateLimiter } from './limiter.js'
import type { RateLimitAlgorithm } from './policy.js'
import type { RateLimitStore } from './store.js'

export interface OutgoingLimiterOptions {
  readonly store: RateLimitStore
  /** Default 10 calls per 60 seconds per host. */
  readonly perDomain?: {
    readonly limit: number
    readonly windowSeconds: number
    readonly algorithm?: RateLimitAlgorithm
    readonly burst?: number
  }
  /** Default `open`: an unreachable store should not stop the API from calling out. */
  readonly failure?: FailurePolicy
  readonly storeTimeoutMs?: number
  /** Default `out:`. */
  readonly prefix?: string
  /** A 429 without any hint blocks the host this long. Default 60 s. */
  readonly defaultBlockSeconds?: number
  /** No destination may block a host longer than this. Default 3,600 s. */
  readonly maxBlockSeconds?: number
  /** Milliseconds since the epoch, for HTTP-date Retry-After values; injectable for tests. */
  readonly clock?: () => number
}

export interface OutgoingDecision extends RateLimitDecision {
  readonly domain: string
}

export interface ObservedResponse {
  readonly status: number
  readonly headers: HeaderBag
}

export interface OutgoingLimiter {
  /** Counts one call to the URL's host; `allowed: false` means do not call (retry after `retryAfterSeconds`). */
  acquire(url: string | URL): Promise<OutgoingDecision>
  /** Learns from the destination's answer; resolves to the seconds the host is now blocked (0: none). */
  observe(url: string | URL, response: ObservedResponse): Promise<number>
}

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const value = (headers as Record<string, string | readonly string[] | undefined>)[name]
  return value === undefined ? undefined : typeof value === 'string' ? value : value.join(',')
}

/** Retry-After as seconds: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d{1,10}$/.test(text)) return Number(text)
  // HTTP-dates always name a day or month; bare numbers like -5 would otherwise parse as years.
  if (text.length > 64 || !/[A-Za-z]{3}/.test(text)) return undefined
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}

/** Seconds until quota returns according to a RateLimit field whose item shows r=0; else undefined. */
export function exhaustedRateLimitSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value.length > 4_096) return undefined
  let longest: number | undefined
  for (const item of value.split(',')) {
    const remaining = /;\s*r=(\d{1,15})(?:;|\s*$)/.exec(item)
    const reset = /;\s*t=(\d{1,15})(?:;|\s*$)/.exec(item)
    if (remaining?.[1] !== '0' || reset?.[1] === undefined) continue
    const seconds = Number(reset[1])
    if (longest === undefined || seconds > longest) longest = seconds
  }
  return longest
}

export function destinationHost(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url
  if (parsed.hostname === '') throw new TypeError(`outgoing URL has no host: ${parsed.href}`)
  return parsed.hostname.toLowerCase()
}

export function createOutgoingLimiter(options: OutgoingLimiterOptions): OutgoingLimiter {
  const perDomain = options.perDomain ?? { limit: 10, windowSeconds: 60 }
  const limiter = createRateLimiter({
    policies: [{ name: 'domain', ...perDomain }],
    store: options.store,
    failure: options.failure ?? 'open',
    ...(options.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: options.storeTimeoutMs }),
    prefix: options.prefix ?? 'out:',
  })
  const clock = options.clock ?? Date.now
  const defaultBlock = options.defaultBlockSeconds ?? 60
  const maxBlock = options.maxBlockSeconds ?? 3_600

  return {
    async acquire(url) {
      const domain = destinationHost(url)
      const decision = await limiter.consume(domain)
      return { ...decision, domain }
    },
    async observe(url, response) {
      const domain = destinationHost(url)
      const retryAfter = parseRetryAfter(header(response.headers, 'retry-after'), clock())
      const exhausted = exhaustedRateLimitSeconds(header(response.headers, 'ratelimit'))
      let seconds: number | undefined
      if (response.status === 429) seconds = retryAfter ?? exhausted ?? defaultBlock
      else if (response.status === 503) seconds = retryAfter
      else seconds = exhausted
      if (seconds === undefined || seconds <= 0) return 0
      const blocked = Math.min(seconds, maxBlock)
      await limiter.block(domain, blocked)
      return blocked
    },
  }
}
