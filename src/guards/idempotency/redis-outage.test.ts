import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js'
import { StoreUnavailableError } from '../store-failure.js'
import { createIdempotencyGuard, type IdempotencyGuard } from './engine.js'
import { fingerprintRequest } from './fingerprint.js'
import { createRedisIdempotencyStore } from './stores/redis.js'

let server: RedisServer
let failFast: Redis
let queueing: Redis

const STORE_TIMEOUT_MS = 200
const request = (key: string) => ({
  key,
  tenant: 'acct_outage',
  method: 'POST',
  path: '/orders',
  fingerprint: fingerprintRequest({ method: 'POST', path: '/orders', body: { sku: 'a' } }),
})

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = performance.now()
  const [result] = await Promise.allSettled([work()])
  return { ms: performance.now() - started, result: result as PromiseSettledResult<T> }
}

async function waitReady(client: Redis, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs
  while (client.status !== 'ready') {
    if (Date.now() > deadline)
      throw new Error(`client not ready after ${boundMs} ms (status ${client.status})`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

beforeAll(async () => {
  server = await startRedisServer()
  const reconnectQuickly = { retryStrategy: () => 50 }
  failFast = new Redis(server.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    ...reconnectQuickly,
  })
  queueing = new Redis(server.url, reconnectQuickly)
  // Refused connections are the point of this test; they are expected, not unhandled.
  for (const client of [failFast, queueing]) client.on('error', () => undefined)
  await Promise.all([waitReady(failFast, 5000), waitReady(queueing, 5000)])
})

afterAll(async () => {
  failFast?.disconnect()
  queueing?.disconnect()
  await server?.stop()
})

describe('idempotency guard while Redis is down', () => {
  it('fails open or closed as configured, within a bounded time, and recovers when Redis returns', async () => {
    const store = createRedisIdempotencyStore({ client: failFast })
    const open: IdempotencyGuard = createIdempotencyGuard({
      store,
      failure: 'open',
      storeTimeoutMs: STORE_TIMEOUT_MS,
    })
    const closed: IdempotencyGuard = createIdempotencyGuard({
      store,
      failure: 'closed',
      storeTimeoutMs: STORE_TIMEOUT_MS,
    })
    const slowToFail = createIdempotencyGuard({
      store: createRedisIdempotencyStore({ client: queueing }),
      failure: 'open',
      storeTimeoutMs: STORE_TIMEOUT_MS,
    })

    const held = await closed.begin(request('held-through-outage'))
    expect(held.kind).toBe('proceed')

    await server.kill()

    const opened = await timed(() => open.begin(request('during-outage-open')))
    expect(opened.result.status).toBe('fulfilled')
    const openDecision = (
      opened.result as PromiseFulfilledResult<Awaited<ReturnType<IdempotencyGuard['begin']>>>
    ).value
    expect(openDecision).toMatchObject({ kind: 'proceed', unprotected: true })
    expect(opened.ms).toBeLessThan(STORE_TIMEOUT_MS + 250)
    if (openDecision.kind === 'proceed') {
      expect(openDecision.lease.unprotected).toBe(true)
      expect(await openDecision.lease.complete({ status: 201, body: 'x' })).toEqual({
        stored: false,
        reason: 'unprotected',
      })
    }

    const refused = await timed(() => closed.begin(request('during-outage-closed')))
    expect(refused.result.status).toBe('rejected')
    expect((refused.result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError)
    expect(refused.ms).toBeLessThan(STORE_TIMEOUT_MS + 250)

    // A client that queues commands offline is still bounded by the store timeout.
    const queued = await timed(() => slowToFail.begin(request('during-outage-queued')))
    expect(queued.result).toMatchObject({
      status: 'fulfilled',
      value: { kind: 'proceed', unprotected: true },
    })
    expect(queued.ms).toBeGreaterThanOrEqual(STORE_TIMEOUT_MS - 5)
    expect(queued.ms).toBeLessThan(STORE_TIMEOUT_MS + 250)

    if (held.kind === 'proceed') {
      const completion = await timed(() => held.lease.complete({ status: 201, body: 'done' }))
      expect(completion.result).toMatchObject({
        status: 'fulfilled',
        value: { stored: false, reason: 'store-unavailable' },
      })
      expect(completion.ms).toBeLessThan(STORE_TIMEOUT_MS + 250)
    }

    await server.start()
    await waitReady(failFast, 10_000)
    const recoveredOpen = await open.begin(request('after-outage'))
    expect(recoveredOpen).toMatchObject({ kind: 'proceed', unprotected: false })
    expect((await closed.begin(request('after-outage'))).kind).toBe('conflict')
  })
})
