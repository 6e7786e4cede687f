import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.js'

describe('backoffDelay', () => {
  it('without jitter gives the documented schedule 1, 2, 4, 8, 16 s and stays at the cap', () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, { jitter: 'none' }))
    expect(schedule).toEqual([1000, 2000, 4000, 8000, 16_000, 16_000, 16_000])
  })

  it('full jitter picks within [0, d) using the random source', () => {
    expect(backoffDelay(3, { random: () => 0 })).toBe(0)
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(2000)
    expect(backoffDelay(3, { random: () => 0.999999 })).toBeLessThan(4000)
  })

  it('equal jitter keeps at least half the wait', () => {
    expect(backoffDelay(4, { jitter: 'equal', random: () => 0 })).toBe(4000)
    expect(backoffDelay(4, { jitter: 'equal', random: () => 0.5 })).toBe(6000)
  })

  it('honours base and cap options', () => {
    expect(backoffDelay(1, { baseMs: 100, capMs: 250, jitter: 'none' })).toBe(100)
    expect(backoffDelay(3, { baseMs: 100, capMs: 250, jitter: 'none' })).toBe(250)
  })

  it('stays finite and bounded for absurd attempts and random sources', () => {
    for (const attempt of [0, -3, 1e9, Number.POSITIVE_INFINITY, Number.NaN]) {
      const delay = backoffDelay(attempt, { jitter: 'none' })
      expect(delay).toBeGreaterThanOrEqual(1000)
      expect(delay).toBeLessThanOrEqual(16_000)
    }
    for (const value of [Number.NaN, -1, 2, Number.POSITIVE_INFINITY]) {
      const delay = backoffDelay(5, { random: () => value })
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(16_000)
    }
  })
})
