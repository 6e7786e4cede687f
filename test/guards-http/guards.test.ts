import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIdempotencyGuard } from '../../src/guards/idempotency/engine.js'
import { createMemoryIdempotencyStore } from '../../src/guards/idempotency/stores/memory.js'
import { createRedisIdempotencyStore } from '../../src/guards/idempotency/stores/redis.js'
import { createSqliteIdempotencyStore } from '../../src/guards/idempotency/stores/sqlite.js'
import { createRateLimiter } from '../../src/guards/rate-limit/limiter.js'
import { memoryRateLimitStore } from '../../src/guards/rate-limit/stores/memory.js'
import { redisRateLimitStore } from '../../src/guards/rate-limit/stores/redis.js'
import { sqliteRateLimitStore } from '../../src/guards/rate-limit/stores/sqlite.js'
import { type RedisServer, startRedisServer } from '../support/redis-server.js'
import { type Answer, call, codeOf, postJson, rawPost } from './support/http.js'
import { STREAM_CHUNKS } from './support/orders.js'
import {
  ADAPTERS,
  type AdapterName,
  type GuardedServer,
  type Guards,
  startGuardedServer,
} from './support/servers.js'

const STORES = ['memory', 'sqlite'] as const
type StoreName = (typeof STORES)[number]

const LIMIT = 3
const WINDOW_SECONDS = 60
/** The rate-limit stores read this clock, so every pass computes the same Retry-After and `t` values. */
const CLOCK = () => 1_750_000_000_000
const dir = mkdtempSync(join(tmpdir(), 'faultline-guards-http-'))
const databases: Database.Database[] = []

function guardsOn(store: StoreName, name: string): Guards {
  const policies = [{ name: 'main', limit: LIMIT, windowSeconds: WINDOW_SECONDS }]
  if (store === 'memory') {
    return {
      limiter: createRateLimiter({ policies, store: memoryRateLimitStore({ clock: CLOCK }) }),
      idempotency: createIdempotencyGuard({ store: createMemoryIdempotencyStore() }),
    }
  }
  const db = new Database(join(dir, `${name}.sqlite`), { timeout: 100 })
  databases.push(db)
  return {
    limiter: createRateLimiter({ policies, store: sqliteRateLimitStore(db, { clock: CLOCK }) }),
    idempotency: createIdempotencyGuard({ store: createSqliteIdempotencyStore({ database: db }) }),
  }
}

/** The 429 each pass received, compared across adapters at the end. */
const rejections = new Map<string, Pick<Answer, 'status' | 'text'> & { headers: Record<string, string> }>()
const REJECTION_HEADERS = ['content-type', 'retry-after', 'ratelimit', 'ratelimit-policy', 'cache-control']

afterAll(() => {
  for (const db of databases) db.close()
  rmSync(dir, { recursive: true, force: true })
})

const matrix = STORES.flatMap((store) =>
  ADAPTERS.map((adapter): [AdapterName, StoreName] => [adapter, store]),
)

describe.each(matrix)('guards on %s (%s stores)', (adapter, store) => {
  let server: GuardedServer
  const orders = () => `${server.url}/orders`

  beforeAll(async () => {
    server = await startGuardedServer(adapter, guardsOn(store, `${adapter}-${store}`))
  })
  afterAll(async () => {
    await server?.close()
  })

  it('admits up to the limit with RateLimit fields, then answers the catalog 429', async () => {
    const headers = { 'x-client': 'client-a', 'x-request-id': 'req-rate-limit' }
    for (let n = 1; n <= LIMIT; n++) {
      const admitted = await call(`${server.url}/limited`, { headers })
      expect(admitted.status).toBe(200)
      expect(JSON.parse(admitted.text)).toEqual({ ok: true })
      expect(admitted.headers['ratelimit-policy']).toBe(`"main";q=${LIMIT};w=${WINDOW_SECONDS}`)
      expect(admitted.headers.ratelimit).toMatch(new RegExp(`^"main";r=${LIMIT - n};t=\\d+$`))
    }
    const rejected = await call(`${server.url}/limited`, { headers })
    expect(rejected.status).toBe(429)
    expect(rejected.headers['content-type']).toBe('application/problem+json')
    expect(codeOf(rejected)).toBe('RATE_LIMITED')
    expect(rejected.headers['retry-after']).toMatch(/^[1-9]\d*$/)
    // The fixed clock: one unit comes back every window / limit seconds.
    expect(rejected.headers['retry-after']).toBe(String(WINDOW_SECONDS / LIMIT))
    expect(rejected.headers['ratelimit-policy']).toBe(`"main";q=${LIMIT};w=${WINDOW_SECONDS}`)
    expect(rejected.headers.ratelimit).toMatch(/^"main";r=0;t=\d+$/)
    const kept: Record<string, string> = {}
    for (const name of REJECTION_HEADERS) kept[name] = rejected.headers[name] ?? '(absent)'
    rejections.set(`${adapter}/${store}`, { status: rejected.status, headers: kept, text: rejected.text })

    // Another client has its own budget; a request without a key is not limited at all.
    expect((await call(`${server.url}/limited`, { headers: { 'x-client': 'client-b' } })).status).toBe(200)
    const unkeyed = await call(`${server.url}/limited`)
    expect(unkeyed.status).toBe(200)
    expect(unkeyed.headers.ratelimit).toBeUndefined()
  })

  it('runs the handler once and replays the stored response byte for byte', async () => {
    const first = await postJson(orders(), 'order-1', { name: 'first' })
    expect(first.status).toBe(201)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    expect(server.orders.count('order-1')).toBe(1)

    for (let n = 0; n < 2; n++) {
      const again = await postJson(orders(), 'order-1', { name: 'first' })
      expect(again.status).toBe(201)
      expect(again.headers['idempotent-replayed']).toBe('true')
      expect(again.bytes.equals(first.bytes)).toBe(true)
      expect(again.headers['content-type']).toBe(first.headers['content-type'])
      expect(again.headers.location).toBe(first.headers.location)
    }
    expect(server.orders.count('order-1')).toBe(1)

    // The same key with other parameters is refused, and runs nothing.
    const other = await postJson(orders(), 'order-1', { name: 'second' })
    expect(other.status).toBe(422)
    expect(codeOf(other)).toBe('IDEMPOTENCY_MISMATCH')
    expect(server.orders.count('order-1')).toBe(1)
  })

  it('answers 409 with Retry-After while the same key is in flight', async () => {
    const body = { name: 'slow', delayMs: 400 }
    const running = postJson(orders(), 'order-slow', body)
    await new Promise((resolve) => setTimeout(resolve, 120))
    const conflict = await postJson(orders(), 'order-slow', body)
    expect(conflict.status).toBe(409)
    expect(codeOf(conflict)).toBe('IDEMPOTENCY_CONFLICT')
    expect(conflict.headers['retry-after']).toMatch(/^[1-9]\d*$/)

    const first = await running
    expect(first.status).toBe(201)
    const replay = await postJson(orders(), 'order-slow', body)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.bytes.equals(first.bytes)).toBe(true)
    expect(server.orders.count('order-slow')).toBe(1)
  })

  it('refuses a missing, an over-long and a malformed key with 400 before the handler runs', async () => {
    const before = server.orders.total()
    const missing = await postJson(orders(), undefined, { name: 'no key' })
    expect(missing.status).toBe(400)
    const problem = JSON.parse(missing.text) as { code: string; errors: { pointer: string }[] }
    expect(problem.code).toBe('VALIDATION_ERROR')
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/headers/idempotency-key'])

    const long = await postJson(orders(), 'k'.repeat(300), { name: 'long key' })
    expect(long.status).toBe(400)
    expect(codeOf(long)).toBe('VALIDATION_ERROR')

    // CR/LF inside a header value: node's parser (or the framework's client-error handler) answers 400.
    const crlf = await rawPost(server.port, 'POST /orders HTTP/1.1\r\nidempotency-key: abc\rdef', '{}')
    expect(crlf.status).toBe(400)
    const lf = await rawPost(server.port, 'POST /orders HTTP/1.1\r\nidempotency-key: abc\ndef', '{}')
    expect(lf.status).toBe(400)
    // A tab the parser lets through reaches the key check: the catalog's 400 with the header's issue.
    const tab = await rawPost(server.port, 'POST /orders HTTP/1.1\r\nidempotency-key: abc\tdef', '{}')
    expect(tab.status).toBe(400)
    expect(tab.text).toContain('"pointer":"/headers/idempotency-key"')
    // Sent twice: node keeps repeats apart, so the node-based adapters refuse the ambiguous key; web
    // Headers (Hono, fetch) merge them into one value, which is then one consistent key.
    const twice = await rawPost(
      server.port,
      'POST /orders HTTP/1.1\r\nidempotency-key: aaa\r\nidempotency-key: bbb',
      '{}',
    )
    if (adapter === 'hono' || adapter === 'fetch') expect(twice.status).not.toBe(500)
    else {
      expect(twice.status).toBe(400)
      expect(twice.text).toContain('Idempotency-Key must be sent once')
    }

    expect(server.orders.total()).toBe(before + (adapter === 'hono' || adapter === 'fetch' ? 1 : 0))
  })

  it('releases the key when the handler fails with 400, so the fixed retry runs', async () => {
    const failed = await postJson(orders(), 'order-fix', { fail: 'validation' })
    expect(failed.status).toBe(400)
    expect(codeOf(failed)).toBe('VALIDATION_ERROR')
    const fixed = await postJson(orders(), 'order-fix', { name: 'fixed' })
    expect(fixed.status).toBe(201)
    expect(fixed.headers['idempotent-replayed']).toBeUndefined()
    expect(server.orders.count('order-fix')).toBe(2)
  })

  it('stores a final 404 and replays it', async () => {
    const first = await postJson(orders(), 'order-404', { fail: 'notFound' })
    expect(first.status).toBe(404)
    expect(codeOf(first)).toBe('NOT_FOUND')
    const again = await postJson(orders(), 'order-404', { fail: 'notFound' })
    expect(again.status).toBe(404)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.bytes.equals(first.bytes)).toBe(true)
    expect(server.orders.count('order-404')).toBe(1)
  })

  it('never stores a streamed response: the key is released and the stream passes', async () => {
    for (let n = 1; n <= 2; n++) {
      const streamed = await postJson(`${server.url}/stream`, 'stream-1', {})
      expect(streamed.status).toBe(200)
      expect(streamed.text).toBe(STREAM_CHUNKS.join(''))
      expect(streamed.headers['idempotent-replayed']).toBeUndefined()
      expect(server.orders.count('stream-1')).toBe(n)
    }
  })
})

describe('the rate-limit rejection', () => {
  it('is the same status, fields and bytes on every adapter and store', () => {
    expect(rejections.size).toBe(matrix.length)
    const [first, ...rest] = [...rejections.values()]
    for (const other of rest) expect(other).toEqual(first)
    expect(first?.headers['retry-after']).toBe('20')
  })
})

/** What a store failure must never put in front of a client. */
const DRIVER_TEXT =
  /ECONNREFUSED|ioredis|redis|stream isn't writeable|connection is closed|store unavailable|claim/i
const STORE_TIMEOUT_MS = 300

describe.each(ADAPTERS)('guards on %s when Redis dies', (adapter) => {
  let redis: RedisServer
  let client: Redis
  let failOpen: GuardedServer
  let failClosed: GuardedServer

  beforeAll(async () => {
    redis = await startRedisServer()
    // No offline queue: while Redis is down a command fails at once instead of waiting for it.
    client = new Redis(redis.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 50,
      lazyConnect: true,
    })
    client.on('error', () => undefined)
    await client.connect()
    const policies = [{ name: 'main', limit: LIMIT, windowSeconds: WINDOW_SECONDS }]
    const limiter = (failure: 'open' | 'closed') =>
      createRateLimiter({
        policies,
        store: redisRateLimitStore(client),
        failure,
        storeTimeoutMs: STORE_TIMEOUT_MS,
      })
    // The idempotency guard fails closed by default: running a payment twice is worse than a 503.
    const idempotency = createIdempotencyGuard({
      store: createRedisIdempotencyStore({ client }),
      storeTimeoutMs: STORE_TIMEOUT_MS,
    })
    failOpen = await startGuardedServer(adapter, { limiter: limiter('open'), idempotency })
    failClosed = await startGuardedServer(adapter, { limiter: limiter('closed'), idempotency })
  })

  afterAll(async () => {
    await failOpen?.close()
    await failClosed?.close()
    client?.disconnect()
    await redis?.stop()
  })

  it('answers a bounded catalog 503 for idempotency, and the fail-open limiter admits', async () => {
    const healthy = await postJson(`${failOpen.url}/orders`, 'before-kill', { name: 'up' })
    expect(healthy.status).toBe(201)
    const limited = await call(`${failOpen.url}/limited`, { headers: { 'x-client': 'c' } })
    expect(limited.status).toBe(200)
    expect(limited.headers.ratelimit).toMatch(/^"main";r=2;t=\d+$/)

    await redis.kill()

    const refused = await postJson(`${failOpen.url}/orders`, 'after-kill', { name: 'down' })
    expect(refused.status).toBe(503)
    expect(codeOf(refused)).toBe('SERVICE_UNAVAILABLE')
    expect(refused.ms).toBeLessThan(STORE_TIMEOUT_MS + 1_500)
    expect(refused.text).not.toMatch(DRIVER_TEXT)
    expect(JSON.stringify(refused.headers)).not.toMatch(DRIVER_TEXT)
    expect(failOpen.orders.count('after-kill')).toBe(0)

    // Fail-open: admitted, and without RateLimit fields, since nothing was counted.
    const admitted = await call(`${failOpen.url}/limited`, { headers: { 'x-client': 'c' } })
    expect(admitted.status).toBe(200)
    expect(admitted.headers.ratelimit).toBeUndefined()

    // Fail-closed: the same catalog 503, bounded, with no driver text.
    const closed = await call(`${failClosed.url}/limited`, { headers: { 'x-client': 'c' } })
    expect(closed.status).toBe(503)
    expect(codeOf(closed)).toBe('SERVICE_UNAVAILABLE')
    expect(closed.ms).toBeLessThan(STORE_TIMEOUT_MS + 1_500)
    expect(closed.text).not.toMatch(DRIVER_TEXT)
  })
})
