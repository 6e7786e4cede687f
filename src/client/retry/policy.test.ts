import { describe, expect, it } from 'vitest'
import { RetryBudget } from './budget.js'
import { createRetryBudget, methodAllowsRetry, resolvePolicy, strategyForStatus } from './policy.js'

describe('resolvePolicy', () => {
  it('fills the documented defaults, with the budget on', () => {
    const policy = resolvePolicy()
    expect(policy).toMatchObject({
      maxAttempts: 6,
      deadlineMs: 60_000,
      maxDelayMs: 60_000,
      retryNetworkErrors: true,
      retryTimeouts: true,
      budget: { maxTokens: 10, tokenRatio: 0.1 },
      backoff: { baseMs: 1000, capMs: 16_000, jitter: 'full' },
    })
    expect(createRetryBudget(policy)).toBeInstanceOf(RetryBudget)
    expect(Object.isFrozen(policy)).toBe(true)
  })

  it('lets the budget be turned off explicitly', () => {
    const policy = resolvePolicy({ budget: false })
    expect(policy.budget).toBe(false)
    expect(createRetryBudget(policy)).toBeUndefined()
  })

  it('merges partial backoff, budget and status defaults over the defaults', () => {
    const policy = resolvePolicy({
      backoff: { jitter: 'none' },
      budget: { maxTokens: 20 },
      statusDefaults: { '503': 'never' },
    })
    expect(policy.backoff).toMatchObject({ baseMs: 1000, capMs: 16_000, jitter: 'none' })
    expect(policy.budget).toEqual({ maxTokens: 20, tokenRatio: 0.1 })
    expect(strategyForStatus(policy, 503)).toBe('never')
    expect(strategyForStatus(policy, 502)).toBe('backoff')
  })

  it.each([
    [{ maxAttempts: 0 }],
    [{ maxAttempts: 1.5 }],
    [{ deadlineMs: -1 }],
    [{ maxDelayMs: Number.NaN }],
    [{ backoff: { baseMs: 0 } }],
    [{ budget: { tokenRatio: -1 } }],
  ])('rejects %o', (input) => {
    expect(() => resolvePolicy(input)).toThrow(RangeError)
  })
})

describe('status defaults', () => {
  const policy = resolvePolicy()
  it.each([
    [500, 'backoff'],
    [502, 'backoff'],
    [503, 'backoff'],
    [504, 'backoff'],
    [501, 'never'],
    [429, 'retry-after'],
    [408, 'backoff'],
    [400, 'never'],
    [401, 'never'],
    [402, 'never'],
    [403, 'never'],
    [404, 'never'],
    [409, 'never'],
    [422, 'never'],
    [200, 'never'],
    [302, 'never'],
  ] as const)('status %i → %s', (status, strategy) => {
    expect(strategyForStatus(policy, status)).toBe(strategy)
  })
})

describe('methodAllowsRetry', () => {
  const policy = resolvePolicy()
  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'get'])('repeats %s', (method) => {
    expect(methodAllowsRetry(policy, method, false)).toBe(true)
  })

  it('repeats POST and PATCH only with an Idempotency-Key', () => {
    expect(methodAllowsRetry(policy, 'POST', false)).toBe(false)
    expect(methodAllowsRetry(policy, 'PATCH', false)).toBe(false)
    expect(methodAllowsRetry(policy, 'POST', true)).toBe(true)
    expect(methodAllowsRetry(policy, 'patch', true)).toBe(true)
  })

  it('never repeats a method on neither list', () => {
    expect(methodAllowsRetry(policy, 'CONNECT', true)).toBe(false)
  })
})
