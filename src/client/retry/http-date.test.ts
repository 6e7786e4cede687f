import { describe, expect, it } from 'vitest'
import { parseHttpDate } from './http-date.js'

const EXPECTED = Date.UTC(1994, 10, 6, 8, 49, 37)
const NOW_2025 = Date.UTC(2025, 0, 1)

describe('parseHttpDate', () => {
  it('reads the IMF-fixdate form', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW_2025)).toBe(EXPECTED)
  })

  it('reads the obsolete RFC 850 form, placing the two-digit year in the past century when needed', () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW_2025)).toBe(EXPECTED)
    expect(parseHttpDate('Wednesday, 09-Jun-21 10:18:14 GMT', NOW_2025)).toBe(
      Date.UTC(2021, 5, 9, 10, 18, 14),
    )
  })

  it('reads a two-digit year up to 50 years ahead as the future, beyond that as the past', () => {
    expect(parseHttpDate('Friday, 01-Jan-70 00:00:00 GMT', NOW_2025)).toBe(Date.UTC(2070, 0, 1))
    expect(parseHttpDate('Monday, 01-Jan-80 00:00:00 GMT', NOW_2025)).toBe(Date.UTC(1980, 0, 1))
  })

  it('reads the ANSI C asctime form with a space-padded or two-digit day', () => {
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW_2025)).toBe(EXPECTED)
    expect(parseHttpDate('Thu Nov 16 08:49:37 1994', NOW_2025)).toBe(Date.UTC(1994, 10, 16, 8, 49, 37))
  })

  it('keeps four-digit years below 100 as written', () => {
    expect(parseHttpDate('Sat, 01 Jan 0050 00:00:00 GMT', NOW_2025)).toBeLessThan(Date.UTC(100, 0, 1) + 1)
    expect(new Date(parseHttpDate('Sat, 01 Jan 0050 00:00:00 GMT', NOW_2025)!).getUTCFullYear()).toBe(50)
  })

  it('accepts a leap second', () => {
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT', NOW_2025)).toBe(Date.UTC(2017, 0, 1))
  })

  it.each([
    ['wrong zone', 'Sun, 06 Nov 1994 08:49:37 UTC'],
    ['lowercase month (the grammar is case-sensitive)', 'Sun, 06 nov 1994 08:49:37 GMT'],
    ['unknown day name', 'Fun, 06 Nov 1994 08:49:37 GMT'],
    ['day 31 of February', 'Tue, 31 Feb 1994 08:49:37 GMT'],
    ['hour 24', 'Sun, 06 Nov 1994 24:00:00 GMT'],
    ['minute 60', 'Sun, 06 Nov 1994 08:60:00 GMT'],
    ['short day name in RFC 850', 'Sun, 06-Nov-94 08:49:37 GMT'],
    ['missing padding in asctime', 'Sun Nov 6 08:49:37 1994'],
    ['non-digit year', 'Sun, 06 Nov 19x4 08:49:37 GMT'],
    ['day zero', 'Sun, 00 Nov 1994 08:49:37 GMT'],
    ['too long', `Sun, 06 Nov 1994 08:49:37 GMT${' '.repeat(10)}`],
    ['empty', ''],
  ])('rejects %s', (_name, text) => {
    expect(parseHttpDate(text, NOW_2025)).toBeUndefined()
  })
})
