import { describe, expect, it } from 'vitest'
import { RetryBudget } from './budget.js'

describe('RetryBudget', () => {
  it('starts full and allows retries', () => {
    const budget = new RetryBudget()
    expect(budget.snapshot()).toMatchObject({
      tokens: 10,
      maxTokens: 10,
      threshold: 5,
      retryAllowedNow: true,
    })
  })

  it('under sustained failure stops allowing retries once tokens reach half, and counts the denials', () => {
    const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 })
    const answers: boolean[] = []
    for (let i = 0; i < 20; i++) {
      budget.recordFailure()
      answers.push(budget.tryRetry())
    }
    // 9, 8, 7, 6 tokens allow; 5 is not above half.
    expect(answers.slice(0, 4)).toEqual([true, true, true, true])
    expect(answers.slice(4).every((allowed) => !allowed)).toBe(true)
    expect(budget.snapshot()).toMatchObject({ tokens: 0, failures: 20, retriesAllowed: 4, retriesDenied: 16 })
  })

  it('never goes below zero or above the maximum', () => {
    const budget = new RetryBudget({ maxTokens: 4, tokenRatio: 1 })
    for (let i = 0; i < 100; i++) budget.recordFailure()
    expect(budget.snapshot().tokens).toBe(0)
    for (let i = 0; i < 100; i++) budget.recordSuccess()
    expect(budget.snapshot().tokens).toBe(4)
  })

  it('recovers after successes: tokenRatio per success, without floating-point drift', () => {
    const budget = new RetryBudget({ maxTokens: 10, tokenRatio: 0.1 })
    for (let i = 0; i < 10; i++) budget.recordFailure()
    expect(budget.canRetry()).toBe(false)
    for (let i = 0; i < 50; i++) budget.recordSuccess()
    // Exactly 5.0 tokens: still not above half.
    expect(budget.snapshot().tokens).toBe(5)
    expect(budget.canRetry()).toBe(false)
    budget.recordSuccess()
    expect(budget.snapshot().tokens).toBe(5.1)
    expect(budget.tryRetry()).toBe(true)
    expect(budget.snapshot()).toMatchObject({ successes: 51, retriesAllowed: 1, retriesDenied: 0 })
  })

  it('canRetry asks without counting', () => {
    const budget = new RetryBudget()
    budget.canRetry()
    expect(budget.snapshot()).toMatchObject({ retriesAllowed: 0, retriesDenied: 0 })
  })

  it.each([
    [{ maxTokens: 0 }],
    [{ maxTokens: Number.NaN }],
    [{ maxTokens: 5000 }],
    [{ tokenRatio: 0 }],
    [{ tokenRatio: 0.0001 }],
    [{ tokenRatio: Number.POSITIVE_INFINITY }],
  ])('rejects invalid options %o', (options) => {
    expect(() => new RetryBudget(options)).toThrow(RangeError)
  })
})
