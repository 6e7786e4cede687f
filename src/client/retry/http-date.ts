/**
 * HTTP-date (RFC 9110 §5.6.7) in all three forms a recipient must accept:
 *   IMF-fixdate  `Sun, 06 Nov 1994 08:49:37 GMT`
 *   RFC 850      `Sunday, 06-Nov-94 08:49:37 GMT`
 *   asctime      `Sun Nov  6 08:49:37 1994`
 * Each form has a fixed layout, so the parser reads fixed positions: constant work after a length check,
 * whatever the input. The grammar is case-sensitive, as the RFC says.
 */

const SHORT_DAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])
const LONG_DAYS = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Longest valid form is RFC 850 with `Wednesday`: 33 characters. */
export const LONGEST_HTTP_DATE = 33

/** Epoch milliseconds of an HTTP-date, or undefined when `text` is not one. `now` places two-digit years. */
export function parseHttpDate(text: string, now: number): number | undefined {
  if (text.length > LONGEST_HTTP_DATE || text.length < 24) return undefined
  if (text.charCodeAt(3) === 0x2c) return parseImfFixdate(text)
  if (text.charCodeAt(3) === 0x20) return parseAsctime(text)
  return parseRfc850(text, now)
}

function parseImfFixdate(s: string): number | undefined {
  // Sun, 06 Nov 1994 08:49:37 GMT
  if (s.length !== 29 || !SHORT_DAYS.has(s.slice(0, 3))) return undefined
  if (s[4] !== ' ' || s[7] !== ' ' || s[11] !== ' ' || s[16] !== ' ' || s[25] !== ' ') return undefined
  if (s.slice(26) !== 'GMT') return undefined
  return utc(digits(s, 12, 4), monthIndex(s.slice(8, 11)), digits(s, 5, 2), s.slice(17, 25))
}

function parseRfc850(s: string, now: number): number | undefined {
  // Sunday, 06-Nov-94 08:49:37 GMT
  const comma = s.indexOf(',')
  if (comma < 0 || !LONG_DAYS.has(s.slice(0, comma))) return undefined
  const r = s.slice(comma)
  if (r.length !== 24 || r[1] !== ' ' || r[4] !== '-' || r[8] !== '-' || r[11] !== ' ' || r[20] !== ' ') {
    return undefined
  }
  if (r.slice(21) !== 'GMT') return undefined
  const shortYear = digits(r, 9, 2)
  if (shortYear === undefined) return undefined
  return utc(fullYear(shortYear, now), monthIndex(r.slice(5, 8)), digits(r, 2, 2), r.slice(12, 20))
}

function parseAsctime(s: string): number | undefined {
  // Sun Nov  6 08:49:37 1994   (day is two digits or a space then one digit)
  if (s.length !== 24 || !SHORT_DAYS.has(s.slice(0, 3))) return undefined
  if (s[7] !== ' ' || s[10] !== ' ' || s[19] !== ' ') return undefined
  const day = s[8] === ' ' ? digits(s, 9, 1) : digits(s, 8, 2)
  return utc(digits(s, 20, 4), monthIndex(s.slice(4, 7)), day, s.slice(11, 19))
}

/** RFC 9110: a two-digit year more than 50 years ahead means the most recent past year with those digits. */
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(Number.isFinite(now) ? now : 0).getUTCFullYear()
  let year = current - (current % 100) + twoDigits
  if (year > current + 50) year -= 100
  else if (year <= current - 50) year += 100
  return year
}

function utc(
  year: number | undefined,
  month: number | undefined,
  day: number | undefined,
  time: string,
): number | undefined {
  if (year === undefined || month === undefined || day === undefined) return undefined
  if (time.length !== 8 || time[2] !== ':' || time[5] !== ':') return undefined
  const hour = digits(time, 0, 2)
  const minute = digits(time, 3, 2)
  const second = digits(time, 6, 2)
  if (hour === undefined || minute === undefined || second === undefined) return undefined
  // 60 is a leap second (RFC 9110 allows it); Date.UTC rolls it into the next minute.
  if (hour > 23 || minute > 59 || second > 60 || day < 1) return undefined
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month, day)
  // Reject days the month does not have (31 Feb would otherwise roll into March).
  if (date.getUTCDate() !== day) return undefined
  date.setUTCHours(hour, minute, second, 0)
  return date.getTime()
}

function monthIndex(name: string): number | undefined {
  const index = MONTHS.indexOf(name)
  return index < 0 ? undefined : index
}

function digits(s: string, start: number, length: number): number | undefined {
  let value = 0
  for (let i = start; i < start + length; i++) {
    const code = s.charCodeAt(i)
    if (!(code >= 0x30 && code <= 0x39)) return undefined
    value = value * 10 + (code - 0x30)
  }
  return value
}
