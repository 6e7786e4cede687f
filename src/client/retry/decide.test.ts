import { describe, expect, it } from 'vitest'
import { RetryBudget } from './budget.js'
import { decideRetry, type RetryDecisionInput } from './decide.js'
import { createRetryBudget, type RetryPolicyInput, resolvePolicy } from './policy.js'

const exact = (input: RetryPolicyInput = {}) => resolvePolicy({ backoff: { jitter: 'none' }, ...input })
const GET_503: RetryDecisionInput = {
  attempt: 1,
  method: 'GET',
  hasIdempotencyKey: false,
  elapsedMs: 0,
  kind: 'response',
  status: 503,
}
const at = (overrides: Partial<RetryDecisionInput>): RetryDecisionInput => ({ ...GET_503, ...overrides })

describe('decideRetry: status defaults', () => {
  it('backs off on 5xx with the documented 1, 2, 4, 8, 16 s schedule, then stops at maxAttempts', () => {
    const policy = exact()
    const delays = [1, 2, 3, 4, 5].map((attempt) =>
      decideRetry(at({ attempt, status: 500 }), policy, undefined),
    )
    expect(delays.map((d) => (d.retry ? d.delayMs : d.reason))).toEqual([1000, 2000, 4000, 8000, 16_000])
    expect(delays[0]).toMatchObject({ reason: 'status-default', delaySource: 'backoff' })
    expect(decideRetry(at({ attempt: 6, status: 500 }), policy, undefined)).toEqual({
      retry: false,
      reason: 'max-attempts',
    })
  })

  it.each([400, 401, 402, 403, 404, 409, 422, 501])('does not retry %i', (status) => {
    expect(decideRetry(at({ status }), exact(), undefined)).toEqual({ retry: false, reason: 'not-retryable' })
  })

  it('retries 408 with backoff', () => {
    expect(decideRetry(at({ status: 408 }), exact(), undefined)).toMatchObject({ retry: true, delayMs: 1000 })
  })

  it('waits exactly the Retry-After of a 429', () => {
    const decision = decideRetry(at({ status: 429, headers: { 'Retry-After': '42' } }), exact(), undefined)
    expect(decision).toEqual({
      retry: true,
      delayMs: 42_000,
      reason: 'status-default',
      delaySource: 'server',
    })
  })

  it('reads an HTTP-date Retry-After against the given clock', () => {
    const now = Date.UTC(2025, 5, 1, 12, 0, 0)
    const headers = { 'retry-after': 'Sun, 01 Jun 2025 12:00:07 GMT' }
    expect(decideRetry(at({ status: 429, headers, now }), exact(), undefined)).toMatchObject({
      delayMs: 7000,
    })
  })

  it('falls back to backoff when a 429 names no wait', () => {
    expect(decideRetry(at({ status: 429, attempt: 2 }), exact(), undefined)).toMatchObject({
      retry: true,
      delayMs: 2000,
      delaySource: 'backoff',
    })
  })

  it('takes a wait the server names on a 503 too', () => {
    const decision = decideRetry(at({ headers: { 'retry-after-ms': '250' } }), exact(), undefined)
    expect(decision).toMatchObject({ retry: true, delayMs: 250, delaySource: 'server' })
  })
})

describe('decideRetry: methods', () => {
  it('does not repeat POST or PATCH without an Idempotency-Key, but reports the server wait', () => {
    const decision = decideRetry(
      at({ method: 'POST', status: 429, headers: { 'retry-after': '5' } }),
      exact(),
      undefined,
    )
    expect(decision).toEqual({ retry: false, reason: 'method-not-idempotent', retryAfterMs: 5000 })
    expect(decideRetry(at({ method: 'PATCH' }), exact(), undefined)).toMatchObject({
      reason: 'method-not-idempotent',
    })
  })

  it('repeats POST with an Idempotency-Key', () => {
    expect(decideRetry(at({ method: 'POST', hasIdempotencyKey: true }), exact(), undefined)).toMatchObject({
      retry: true,
    })
  })
})

describe('decideRetry: catalog guidance', () => {
  it('overrides the status default in both directions', () => {
    expect(decideRetry(at({ guidance: { strategy: 'never' } }), exact(), undefined)).toMatchObject({
      retry: false,
      reason: 'not-retryable',
    })
    expect(
      decideRetry(at({ status: 409, guidance: { strategy: 'backoff' } }), exact(), undefined),
    ).toMatchObject({
      retry: true,
      reason: 'catalog-guidance',
    })
  })

  it('limits retries to the documented attempts ("wait exactly Retry-After seconds, then retry once")', () => {
    const input = at({
      status: 429,
      headers: { 'retry-after': '3' },
      guidance: { strategy: 'retry-after', attempts: 1 },
    })
    expect(decideRetry(input, exact(), undefined)).toMatchObject({ retry: true, delayMs: 3000 })
    expect(decideRetry({ ...input, attempt: 2 }, exact(), undefined)).toEqual({
      retry: false,
      reason: 'max-attempts',
      retryAfterMs: 3000,
    })
  })
})

describe('decideRetry: x-should-retry', () => {
  it('false stops a retry the status would allow', () => {
    expect(decideRetry(at({ headers: { 'x-should-retry': 'false' } }), exact(), undefined)).toEqual({
      retry: false,
      reason: 'server-said-no',
    })
  })

  it('true retries what the status, the catalog and the method rule would not', () => {
    const headers = { 'X-Should-Retry': ' TRUE ' }
    expect(decideRetry(at({ status: 409, headers }), exact(), undefined)).toMatchObject({
      retry: true,
      reason: 'server-said-yes',
    })
    expect(
      decideRetry(at({ status: 400, headers, guidance: { strategy: 'never' } }), exact(), undefined),
    ).toMatchObject({ retry: true })
    expect(decideRetry(at({ method: 'POST', headers }), exact(), undefined)).toMatchObject({ retry: true })
  })

  it('true still obeys the bounds', () => {
    const headers = { 'x-should-retry': 'true' }
    expect(decideRetry(at({ attempt: 6, headers }), exact(), undefined)).toMatchObject({
      reason: 'max-attempts',
    })
    expect(decideRetry(at({ elapsedMs: 60_000, headers }), exact(), undefined)).toMatchObject({
      reason: 'deadline',
    })
    const exhausted = new RetryBudget()
    for (let i = 0; i < 10; i++) exhausted.recordFailure()
    expect(decideRetry(at({ headers }), exact(), exhausted)).toMatchObject({ reason: 'budget-exhausted' })
  })
})

describe('decideRetry: bounds fail at once', () => {
  it('a server wait above maxDelayMs fails with the wait, instead of sleeping first', () => {
    const decision = decideRetry(at({ status: 429, headers: { 'retry-after': '120' } }), exact(), undefined)
    expect(decision).toEqual({ retry: false, reason: 'wait-exceeds-cap', retryAfterMs: 120_000 })
  })

  it('a server wait longer than the time left before the deadline fails with the wait', () => {
    const decision = decideRetry(
      at({ status: 429, elapsedMs: 55_000, headers: { 'retry-after': '10' } }),
      exact(),
      undefined,
    )
    expect(decision).toEqual({ retry: false, reason: 'deadline', retryAfterMs: 10_000 })
  })

  it('stops once the deadline has passed', () => {
    expect(decideRetry(at({ elapsedMs: 60_001 }), exact(), undefined)).toEqual({
      retry: false,
      reason: 'deadline',
    })
  })

  it('caps our own backoff at maxDelayMs instead of failing', () => {
    expect(decideRetry(at({ attempt: 5 }), exact({ maxDelayMs: 500 }), undefined)).toMatchObject({
      retry: true,
      delayMs: 500,
    })
  })

  it('does not start a backoff that would end past the deadline', () => {
    expect(decideRetry(at({ attempt: 5, elapsedMs: 50_000 }), exact(), undefined)).toEqual({
      retry: false,
      reason: 'deadline',
    })
  })
})

describe('decideRetry: network errors, timeouts and aborts', () => {
  it('retries network errors and timeouts with backoff, each under its own reason', () => {
    expect(decideRetry(at({ kind: 'network', status: undefined }), exact(), undefined)).toMatchObject({
      retry: true,
      reason: 'network-error',
      delayMs: 1000,
    })
    expect(decideRetry(at({ kind: 'timeout', status: undefined }), exact(), undefined)).toMatchObject({
      retry: true,
      reason: 'timeout',
    })
  })

  it('honours the switches that turn them off', () => {
    const policy = exact({ retryNetworkErrors: false, retryTimeouts: false })
    expect(decideRetry(at({ kind: 'network' }), policy, undefined)).toMatchObject({ reason: 'not-retryable' })
    expect(decideRetry(at({ kind: 'timeout' }), policy, undefined)).toMatchObject({ reason: 'not-retryable' })
  })

  it('never retries a user abort, even when the server said to, and leaves the budget untouched', () => {
    const budget = new RetryBudget()
    const decision = decideRetry(
      at({ kind: 'abort', headers: { 'x-should-retry': 'true' } }),
      exact(),
      budget,
    )
    expect(decision).toEqual({ retry: false, reason: 'aborted' })
    expect(budget.snapshot()).toMatchObject({ tokens: 10, failures: 0, successes: 0 })
  })

  it('does not retry a non-idempotent request after a timeout', () => {
    expect(decideRetry(at({ kind: 'timeout', method: 'POST' }), exact(), undefined)).toMatchObject({
      reason: 'method-not-idempotent',
    })
  })
})

describe('decideRetry: budget', () => {
  it('records trouble as failure and healthy answers as success, and spends allowed retries', () => {
    const budget = new RetryBudget()
    decideRetry(at({}), exact(), budget)
    decideRetry(at({ kind: 'network' }), exact(), budget)
    decideRetry(at({ status: 404 }), exact(), budget)
    expect(budget.snapshot()).toMatchObject({ failures: 2, successes: 1, retriesAllowed: 2, tokens: 8.1 })
  })

  it('denies retries once the budget is exhausted, and allows them again after successes', () => {
    const budget = new RetryBudget()
    const reasons: string[] = []
    for (let i = 0; i < 8; i++) {
      const d = decideRetry(at({}), exact(), budget)
      reasons.push(d.retry ? 'retry' : d.reason)
    }
    expect(reasons).toEqual([
      'retry',
      'retry',
      'retry',
      'retry',
      'budget-exhausted',
      'budget-exhausted',
      'budget-exhausted',
      'budget-exhausted',
    ])
    for (let i = 0; i < 40; i++) budget.recordSuccess()
    // 2 + 4 = 6 tokens, then this failure leaves 5: not above half.
    expect(decideRetry(at({}), exact(), budget)).toMatchObject({ reason: 'budget-exhausted' })
    for (let i = 0; i < 20; i++) budget.recordSuccess()
    expect(decideRetry(at({}), exact(), budget)).toMatchObject({ retry: true })
    expect(budget.snapshot().retriesDenied).toBe(5)
  })

  it('keeps load amplification at or below 1.2× when every attempt fails (without it: maxAttempts×)', () => {
    const outage = (policy: ReturnType<typeof resolvePolicy>) => {
      const clients = 20
      const requestsPerClient = 30
      let attempts = 0
      for (let c = 0; c < clients; c++) {
        const budget = createRetryBudget(policy)
        for (let r = 0; r < requestsPerClient; r++) {
          let elapsedMs = 0
          for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
            attempts++
            elapsedMs += 50
            const decision = decideRetry(at({ attempt, elapsedMs }), policy, budget)
            if (!decision.retry) break
            elapsedMs += decision.delayMs
          }
        }
      }
      return attempts / (clients * requestsPerClient)
    }
    expect(outage(resolvePolicy())).toBeLessThanOrEqual(1.2)
    expect(outage(resolvePolicy({ budget: false }))).toBe(6)
  })
})
