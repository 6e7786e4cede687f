import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WorkMeter } from './field-scanner.js'
import { parseRetryAfter } from './retry-after.js'
import { MAX_TIMER_DELAY_MS } from './sleep.js'

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0)

describe('parseRetryAfter: Retry-After', () => {
  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter({ 'retry-after': '42' }, NOW)).toBe(42_000)
    expect(parseRetryAfter({ 'Retry-After': ' 0 ' }, NOW)).toBe(0)
    expect(parseRetryAfter(new Headers({ 'Retry-After': '120' }), NOW)).toBe(120_000)
  })

  it('reads fractional seconds, rounding up to a whole millisecond', () => {
    expect(parseRetryAfter({ 'retry-after': '1.1' }, NOW)).toBe(1100)
    expect(parseRetryAfter({ 'retry-after': '0.0005' }, NOW)).toBe(1)
  })

  it('reads an HTTP-date in each of the three RFC 9110 forms as the time left until it', () => {
    const inTen = NOW + 10_000
    // 2025-06-01 is a Sunday.
    expect(parseRetryAfter({ 'retry-after': 'Sun, 01 Jun 2025 12:00:10 GMT' }, NOW)).toBe(10_000)
    expect(parseRetryAfter({ 'retry-after': 'Sunday, 01-Jun-25 12:00:10 GMT' }, NOW)).toBe(10_000)
    expect(parseRetryAfter({ 'retry-after': 'Sun Jun  1 12:00:10 2025' }, NOW)).toBe(10_000)
    expect(parseRetryAfter({ 'retry-after': new Date(inTen).toUTCString() }, NOW)).toBe(10_000)
  })

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sun, 06 Nov 1994 08:49:37 GMT' }, NOW)).toBe(0)
  })

  it('clamps an enormous wait to the largest delay a timer can hold', () => {
    expect(parseRetryAfter({ 'retry-after': '9'.repeat(400) }, NOW)).toBe(MAX_TIMER_DELAY_MS)
    expect(parseRetryAfter({ 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }, NOW)).toBe(MAX_TIMER_DELAY_MS)
  })

  it.each([
    ['a negative number', '-5'],
    ['NaN', 'NaN'],
    ['exponent notation', '1e400'],
    ['Infinity', 'Infinity'],
    ['a sign', '+5'],
    ['trailing text', '5 seconds'],
    ['a bare dot', '5.'],
    ['hex', '0x10'],
    ['empty', ''],
  ])('ignores %s', (_name, value) => {
    expect(parseRetryAfter({ 'retry-after': value }, NOW)).toBeUndefined()
  })
})

describe('parseRetryAfter: sources and precedence', () => {
  it('reads retry-after-ms when Retry-After is absent', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '1500' }, NOW)).toBe(1500)
    expect(parseRetryAfter({ 'retry-after-ms': '12.25' }, NOW)).toBe(13)
  })

  it('reads the RateLimit t parameter when neither is present', () => {
    expect(parseRetryAfter({ ratelimit: '"default";r=0;t=37' }, NOW)).toBe(37_000)
  })

  it('prefers Retry-After over retry-after-ms over RateLimit', () => {
    const all = { 'retry-after': '3', 'retry-after-ms': '1500', ratelimit: '"default";r=0;t=37' }
    expect(parseRetryAfter(all, NOW)).toBe(3000)
    expect(parseRetryAfter({ 'retry-after-ms': '1500', ratelimit: '"default";r=0;t=37' }, NOW)).toBe(1500)
  })

  it('falls through to the next source when a higher one does not parse', () => {
    expect(parseRetryAfter({ 'retry-after': 'soon', 'retry-after-ms': '250' }, NOW)).toBe(250)
    expect(
      parseRetryAfter({ 'retry-after': 'soon', 'retry-after-ms': '-1', ratelimit: '"x";r=0;t=2' }, NOW),
    ).toBe(2000)
  })

  it('gives undefined when no source says anything', () => {
    expect(parseRetryAfter({}, NOW)).toBeUndefined()
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined()
  })
})

describe('parseRetryAfter on hostile input', () => {
  const fragments = fc.constantFrom(
    '1',
    '0',
    '9',
    '.',
    '-',
    ' ',
    '\t',
    ',',
    ';',
    '=',
    '"',
    '\\',
    '(',
    ')',
    'r',
    't',
    'GMT',
    'Sun',
    'Sunday',
    'Nov',
    ':',
    '%',
    '?',
    '@',
    'e400',
    'NaN',
  )
  const headerText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.array(fragments, { maxLength: 30 }).map((parts) => parts.join('')),
  )
  const now = fc.oneof(fc.integer(), fc.double(), fc.constant(NOW))

  it('never throws and never returns a negative or non-finite wait (10,000 runs)', () => {
    fc.assert(
      fc.property(headerText, headerText, headerText, now, (retryAfter, retryAfterMs, rateLimit, at) => {
        const ms = parseRetryAfter(
          { 'retry-after': retryAfter, 'retry-after-ms': retryAfterMs, ratelimit: rateLimit },
          at,
        )
        if (ms === undefined) return true
        return Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIMER_DELAY_MS
      }),
      { numRuns: 10_000 },
    )
  })

  const MEGABYTE = 1 << 20
  const adversarial: Array<[string, string]> = [
    ['digits', '1'.repeat(MEGABYTE)],
    ['digits then junk', `${'9'.repeat(MEGABYTE)}x`],
    ['whitespace around a value', `${' '.repeat(MEGABYTE / 2)}5x${'\t'.repeat(MEGABYTE / 2)}`],
    ['an unterminated string', `"${'a'.repeat(MEGABYTE)}`],
    ['escapes', `"${'\\"'.repeat(MEGABYTE / 2)}`],
    ['many parameters', `"a"${';t=1'.repeat(MEGABYTE / 4)}`],
    ['many members', `"a";r=0;t=1, `.repeat(MEGABYTE / 14)],
    ['an unclosed inner list', `(${'a '.repeat(MEGABYTE / 2)}`],
    ['a long token', `a${'b'.repeat(MEGABYTE)}`],
    ['date fragments', 'Sun, 06 Nov 1994 '.repeat(MEGABYTE / 17)],
  ]

  it.each(adversarial)('parses 1 MB of %s with work linear in its length', (_name, text) => {
    const meter: WorkMeter = { steps: 0 }
    const started = performance.now()
    const ms = parseRetryAfter({ 'retry-after': text, 'retry-after-ms': text, ratelimit: text }, NOW, {
      meter,
    })
    const took = performance.now() - started
    if (ms !== undefined) expect(ms).toBeGreaterThanOrEqual(0)
    // Three sources, each at most one pass plus trimming: a small constant times the length.
    expect(meter.steps).toBeLessThanOrEqual(4 * text.length)
    // Wall time only guards against a blow-up (a backtracking parser takes minutes); work is the real bound.
    expect(took).toBeLessThan(10_000)
  })

  it('does work proportional to size: 1 MB costs about ten times 100 KB', () => {
    const work = (size: number) => {
      const meter: WorkMeter = { steps: 0 }
      const text = `"${'a;'.repeat(size / 2)}`
      parseRetryAfter({ 'retry-after': text, 'retry-after-ms': text, ratelimit: text }, NOW, { meter })
      return meter.steps
    }
    const small = work(100_000)
    const large = work(1_000_000)
    expect(small).toBeGreaterThan(0)
    expect(large / small).toBeGreaterThan(9)
    expect(large / small).toBeLessThan(11)
  })
})
