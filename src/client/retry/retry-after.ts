import { FieldScanner, isDigit, type WorkMeter } from './field-scanner.js'
import { LONGEST_HTTP_DATE, parseHttpDate } from './http-date.js'
import { rateLimitWaitSeconds } from './ratelimit-field.js'
import { type HeaderSource, readHeader } from './read-header.js'
import { MAX_TIMER_DELAY_MS } from './sleep.js'

export interface ParseRetryAfterOptions {
  /** Counts parser work; tests use it to prove linear time on hostile input. */
  readonly meter?: WorkMeter
}

/**
 * How long the server asks the client to wait, in milliseconds, or undefined when it does not say.
 * Sources in precedence order, the first that parses wins:
 *   1. `Retry-After`: delta-seconds or an HTTP-date (any of the three RFC 9110 forms; a past date is 0)
 *   2. `retry-after-ms`: milliseconds
 *   3. `RateLimit`: the `t` parameter of the exhausted policy (see rateLimitWaitSeconds)
 * The result is always a finite integer in [0, MAX_TIMER_DELAY_MS]; larger requests are clamped there so
 * the caller's cap check still sees "too long" rather than a number a timer would mishandle.
 */
export function parseRetryAfter(
  headers: HeaderSource | undefined,
  now: number = Date.now(),
  options: ParseRetryAfterOptions = {},
): number | undefined {
  const { meter } = options
  const retryAfter = readHeader(headers, 'retry-after')
  if (retryAfter !== undefined) {
    const ms = parseRetryAfterValue(retryAfter, now, meter)
    if (ms !== undefined) return ms
  }
  const retryAfterMs = readHeader(headers, 'retry-after-ms')
  if (retryAfterMs !== undefined) {
    const ms = parseNonNegativeDecimal(retryAfterMs, 1, meter)
    if (ms !== undefined) return ms
  }
  const rateLimit = readHeader(headers, 'ratelimit')
  if (rateLimit !== undefined) {
    const seconds = rateLimitWaitSeconds(rateLimit, meter)
    if (seconds !== undefined) return clampWait(seconds * 1000)
  }
  return undefined
}

/**
 * One `Retry-After` value. Delta-seconds is `1*DIGIT`; a fractional part is also accepted because
 * some servers send one and reading it costs nothing.
 */
export function parseRetryAfterValue(value: string, now: number, meter?: WorkMeter): number | undefined {
  const seconds = parseNonNegativeDecimal(value, 1000, meter)
  if (seconds !== undefined) return seconds
  const scanner = new FieldScanner(value, meter)
  scanner.trimOws()
  if (scanner.end - scanner.pos > LONGEST_HTTP_DATE) return undefined
  const date = parseHttpDate(scanner.rest(), now)
  if (date === undefined || !Number.isFinite(now)) return undefined
  return clampWait(date - now)
}

/** `digits[.digits]` after trimming, times `unit`, rounded up to whole ms and clamped; else undefined. */
function parseNonNegativeDecimal(value: string, unit: number, meter?: WorkMeter): number | undefined {
  const s = new FieldScanner(value, meter)
  s.trimOws()
  if (!isDigit(s.peek())) return undefined
  let whole = 0
  while (isDigit(s.peek())) {
    // Saturate instead of growing toward Infinity; the result is clamped anyway.
    if (whole < 1e15) whole = whole * 10 + (s.peek() - 0x30)
    s.advance()
  }
  let fraction = 0
  let scale = 1
  if (s.eat(0x2e)) {
    if (!isDigit(s.peek())) return undefined
    while (isDigit(s.peek())) {
      if (scale < 1e6) {
        fraction = fraction * 10 + (s.peek() - 0x30)
        scale *= 10
      }
      s.advance()
    }
  }
  if (!s.done) return undefined
  // Integer arithmetic first: (1 + 0.1) * 1000 would be 1100.0000000000002 and round up to 1101.
  return clampWait(whole * unit + Math.ceil((fraction * unit) / scale))
}

function clampWait(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0
  return Math.min(Math.ceil(ms), MAX_TIMER_DELAY_MS)
}
