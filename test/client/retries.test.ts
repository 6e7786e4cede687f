import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SchemaMap } from '../../src/catalog/define.js'
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  type ClientOptions,
  ConflictError,
  createClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RetryEvent,
  UnprocessableEntityError,
} from '../../src/client/index.js'
import { defineErrors, standardErrors } from '../../src/index.js'
import { type FaultServer, startFaultServer } from './fault-server.js'

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer()
})

afterAll(async () => {
  await server.close()
})

/** An exact backoff schedule (no jitter) with a small base keeps the tests fast and the delays assertable. */
const FAST = { backoff: { baseMs: 20, jitter: 'none' } } as const

function clientWith<S = SchemaMap>(options: Partial<ClientOptions<S>> = {}) {
  const events: RetryEvent[] = []
  const client = createClient<S>({
    baseUrl: server.url,
    retry: FAST,
    onRetry: (event) => events.push(event),
    ...options,
  })
  return { client, events }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the request to fail')
}

describe('createClient retries against a fault-injecting server', () => {
  it('(503, 503, 200) succeeds after two backoffs of the exact schedule', async () => {
    server.script({ status: 503 }, { status: 503 }, { status: 200, body: { ok: true } })
    const { client, events } = clientWith()
    const result = await client.get<{ ok: boolean }>('/agents')
    expect(result).toEqual({ ok: true })
    expect(server.hits).toHaveLength(3)
    expect(events.map((event) => event.delayMs)).toEqual([20, 40])
    expect(events.map((event) => event.attempt)).toEqual([1, 2])
    expect(events.every((event) => event.error instanceof InternalServerError)).toBe(true)
    const [first, second, third] = server.hits
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(19)
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(39)
    expect(server.hits.map((hit) => hit.headers['x-retry-attempt'])).toEqual([undefined, '1', '2'])
  })

  it('waits the Retry-After seconds of a 429, then succeeds', async () => {
    server.script({ status: 429, headers: { 'retry-after': '2' } }, { status: 200, body: { done: 1 } })
    const { client, events } = clientWith()
    const started = performance.now()
    await expect(client.get('/limited')).resolves.toEqual({ done: 1 })
    const elapsed = performance.now() - started
    expect(events.map((event) => event.delayMs)).toEqual([2000])
    expect(elapsed).toBeGreaterThanOrEqual(1990)
    expect(elapsed).toBeLessThan(3500)
    expect(server.hits[1]!.at - server.hits[0]!.at).toBeGreaterThanOrEqual(1990)
  })

  it('reads Retry-After as an HTTP-date', async () => {
    const date = new Date(Date.now() + 2000).toUTCString()
    server.script({ status: 503, headers: { 'retry-after': date } }, { status: 200, body: { ok: 1 } })
    const { client, events } = clientWith()
    await expect(client.get('/dated')).resolves.toEqual({ ok: 1 })
    // An HTTP-date has whole seconds, so the wait is between one and two seconds.
    const delay = events[0]!.delayMs
    expect(delay).toBeGreaterThan(900)
    expect(delay).toBeLessThanOrEqual(2000)
    expect(server.hits[1]!.at - server.hits[0]!.at).toBeGreaterThanOrEqual(delay - 10)
  })

  it('fails at once with RateLimitError when Retry-After is past the deadline', async () => {
    server.script({ status: 429, headers: { 'retry-after': '30' } }, { status: 200 })
    const { client, events } = clientWith({ retry: { ...FAST, deadlineMs: 5000 } })
    const started = performance.now()
    const error = await failure(client.get('/slow-down'))
    expect(performance.now() - started).toBeLessThan(500)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfter).toBe(30)
    expect(events).toHaveLength(0)
    expect(server.hits).toHaveLength(1)
  })

  it('fails at once when Retry-After is above the single-wait cap', async () => {
    server.script({ status: 429, headers: { 'retry-after': '5' } }, { status: 200 })
    const { client } = clientWith({ retry: { ...FAST, maxDelayMs: 1000 } })
    const started = performance.now()
    const error = await failure(client.get('/capped'))
    expect(performance.now() - started).toBeLessThan(500)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).retryAfter).toBe(5)
    expect(server.hits).toHaveLength(1)
  })

  it('retries a connection reset, then succeeds', async () => {
    server.script({ reset: true }, { status: 200, body: { back: true } })
    const { client, events } = clientWith()
    await expect(client.get('/flaky')).resolves.toEqual({ back: true })
    expect(server.hits).toHaveLength(2)
    expect(events[0]!.error).toBeInstanceOf(APIConnectionError)
    expect(events[0]!.reason).toBe('network-error')
  })

  it('turns a server that hangs past the timeout into APITimeoutError', async () => {
    server.script({ hang: true })
    const { client } = clientWith({ retry: false, timeoutMs: 100 })
    const started = performance.now()
    const error = await failure(client.get('/hang'))
    const elapsed = performance.now() - started
    expect(error).toBeInstanceOf(APITimeoutError)
    expect(error).toBeInstanceOf(APIConnectionError)
    expect(elapsed).toBeGreaterThanOrEqual(95)
    expect(elapsed).toBeLessThan(1000)
  })

  it('retries a timed-out attempt and succeeds on the next', async () => {
    server.script({ hang: true }, { status: 200, body: { late: false } })
    const { client, events } = clientWith({ timeoutMs: 100 })
    await expect(client.get('/hang-once')).resolves.toEqual({ late: false })
    expect(events[0]!.error).toBeInstanceOf(APITimeoutError)
    expect(server.hits).toHaveLength(2)
  })

  const neverRetried = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
  ] as const
  for (const [status, errorClass] of neverRetried) {
    it(`never retries a ${status}`, async () => {
      server.script({ status, body: { error: { code: 'X', message: 'no' } } }, { status: 200 })
      const { client, events } = clientWith()
      const error = await failure(client.get('/fixed'))
      expect(error).toBeInstanceOf(errorClass)
      expect((error as InternalServerError).status).toBe(status)
      expect(server.hits).toHaveLength(1)
      expect(events).toHaveLength(0)
    })
  }

  it('never retries a POST without an Idempotency-Key', async () => {
    server.script({ status: 503 }, { status: 200 })
    const { client } = clientWith()
    const error = await failure(client.post('/payments', { body: { amount: 5 } }))
    expect(error).toBeInstanceOf(InternalServerError)
    expect(server.hits).toHaveLength(1)
  })

  it('retries a POST with a key, sending the same key and the same body each time', async () => {
    server.script({ status: 503 }, { status: 500 }, { status: 201, body: { id: 'p_1' } })
    const { client } = clientWith()
    const body = { amount: 5, currency: 'EUR', items: [1, 2, 3] }
    await expect(client.post('/payments', { body, idempotencyKey: 'key-123' })).resolves.toEqual({
      id: 'p_1',
    })
    expect(server.hits).toHaveLength(3)
    for (const hit of server.hits) {
      expect(hit.headers['idempotency-key']).toBe('key-123')
      expect(hit.body).toBe(JSON.stringify(body))
      expect(hit.headers['content-type']).toBe('application/json')
    }
  })

  it("generates one key per logical request with idempotencyKeys: 'auto' and reuses it on retries", async () => {
    server.script({ status: 503 }, { status: 200, body: { a: 1 } }, { status: 200, body: { b: 2 } })
    const { client } = clientWith({ idempotencyKeys: 'auto' })
    await client.patch('/agents/1', { body: { name: 'n' } })
    await client.post('/agents', { body: { name: 'm' } })
    const [first, retry, other] = server.hits.map((hit) => hit.headers['idempotency-key'])
    expect(first).toMatch(/^[0-9a-f-]{36}$/)
    expect(retry).toBe(first)
    expect(other).toMatch(/^[0-9a-f-]{36}$/)
    expect(other).not.toBe(first)
    expect(server.hits[1]!.body).toBe('{"name":"n"}')
  })

  it('returns within 50 ms when the caller aborts during a backoff sleep', async () => {
    server.script({ status: 503 }, { status: 200 })
    const controller = new AbortController()
    let abortedAt = 0
    const { client } = clientWith({
      retry: { backoff: { baseMs: 5000, jitter: 'none' } },
      onRetry: () => {
        setTimeout(() => {
          abortedAt = performance.now()
          controller.abort()
        }, 30)
      },
    })
    const error = await failure(client.get('/sleepy', { signal: controller.signal }))
    const returnedAfter = performance.now() - abortedAt
    expect(error).toBeInstanceOf(APIUserAbortError)
    expect(abortedAt).toBeGreaterThan(0)
    expect(returnedAfter).toBeLessThan(50)
    expect(server.hits).toHaveLength(1)
  })

  it('aborts a request in flight with APIUserAbortError', async () => {
    server.script({ hang: true })
    const { client } = clientWith()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = performance.now()
    const error = await failure(client.get('/hang', { signal: controller.signal }))
    expect(error).toBeInstanceOf(APIUserAbortError)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('stops when a 503 says x-should-retry: false', async () => {
    server.script({ status: 503, headers: { 'x-should-retry': 'false' } }, { status: 200 })
    const { client, events } = clientWith()
    const error = await failure(client.get('/no-retry'))
    expect(error).toBeInstanceOf(InternalServerError)
    expect((error as InternalServerError).retryable).toBe(false)
    expect(server.hits).toHaveLength(1)
    expect(events).toHaveLength(0)
  })

  it("follows the catalog's guidance for a code over the status default", async () => {
    const catalog = defineErrors({
      ...standardErrors,
      PLAN_FROZEN: { status: 503, message: 'Plan frozen', retry: 'never' },
    })
    server.script({ status: 503, body: { error: { code: 'PLAN_FROZEN', message: 'Plan frozen' } } })
    const { client } = clientWith({ catalog })
    const error = await failure(client.get('/frozen'))
    expect(client.isError(error, 'PLAN_FROZEN')).toBe(true)
    expect((error as InternalServerError).retryable).toBe(false)
    expect(server.hits).toHaveLength(1)
  })

  it('gives up after maxAttempts with the last error', async () => {
    server.script({ status: 502 }, { status: 503 }, { status: 504 }, { status: 200 })
    const { client, events } = clientWith({ retry: { ...FAST, maxAttempts: 3 } })
    const error = await failure(client.get('/down'))
    expect(error).toBeInstanceOf(InternalServerError)
    expect((error as InternalServerError).status).toBe(504)
    expect(server.hits).toHaveLength(3)
    expect(events).toHaveLength(2)
  })

  it('keeps one observable retry budget per client that stops retries during an outage', async () => {
    const steps = Array.from({ length: 40 }, () => ({ status: 503 }))
    server.script(...steps)
    const { client } = clientWith({ retry: { ...FAST, budget: { maxTokens: 4 } } })
    await failure(client.get('/outage'))
    await failure(client.get('/outage'))
    const snapshot = client.retryBudget!.snapshot()
    expect(snapshot.retryAllowedNow).toBe(false)
    expect(snapshot.retriesDenied).toBeGreaterThanOrEqual(1)
    expect(snapshot.failures).toBe(server.hits.length)
    // With 4 tokens only one retry fits above the half-full threshold: far fewer hits than 2 × 6.
    expect(server.hits.length).toBeLessThanOrEqual(4)
  })

  it('returns undefined for a 204 and sends the query string', async () => {
    server.script({ status: 204 })
    const { client } = clientWith()
    await expect(
      client.delete('/agents/7', { query: { force: true, tag: ['a', 'b'], skip: undefined } }),
    ).resolves.toBe(undefined)
    expect(server.hits[0]!.url).toBe('/agents/7?force=true&tag=a&tag=b')
    expect(server.hits[0]!.method).toBe('DELETE')
  })
})
