import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js'
import { createOutgoingLimiter, exhaustedRateLimitSeconds, parseRetryAfter } from './outgoing.js'
import { memoryRateLimitStore } from './stores/memory.js'
import { redisRateLimitStore } from './stores/redis.js'

let server: RedisServer
const clients: Redis[] = []

async function connect(): Promise<Redis> {
  const client = new Redis(server.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
  })
  clients.push(client)
  await new Promise((resolve, reject) => {
    client.once('ready', resolve)
    client.once('error', reject)
  })
  return client
}

beforeAll(async () => {
  server = await startRedisServer()
})
afterAll(async () => {
  for (const client of clients) client.disconnect()
  await server?.stop()
})

describe('outgoing limiter', () => {
  it('allows 10 calls a minute per host by default and says when to retry', async () => {
    const clock = { now: 1_700_000_000_000 }
    const outgoing = createOutgoingLimiter({ store: memoryRateLimitStore({ clock: () => clock.now }) })
    const results = []
    for (let i = 0; i < 11; i++)
      results.push(await outgoing.acquire(`https://API.example.com:8443/v1/items/${i}`))
    expect(results.filter((d) => d.allowed)).toHaveLength(10)
    const refused = results[10]!
    expect(refused).toMatchObject({ allowed: false, domain: 'api.example.com', retryAfterSeconds: 6 })
    expect((await outgoing.acquire('https://other.example.com/')).allowed).toBe(true)
    await expect(outgoing.acquire('not a url')).rejects.toThrow(TypeError)
  })

  it('shares counts and a destination 429 block across instances through Redis', async () => {
    const instanceA = createOutgoingLimiter({
      store: redisRateLimitStore(await connect()),
      prefix: 'out-shared:',
    })
    const instanceB = createOutgoingLimiter({
      store: redisRateLimitStore(await connect()),
      prefix: 'out-shared:',
    })
    for (let i = 0; i < 5; i++)
      expect((await instanceA.acquire('https://tools.example.org/a')).allowed).toBe(true)
    for (let i = 0; i < 5; i++)
      expect((await instanceB.acquire('https://tools.example.org/b')).allowed).toBe(true)
    expect((await instanceA.acquire('https://tools.example.org/c')).allowed).toBe(false)

    const blocked = await instanceA.observe('https://slow.example.net/x', {
      status: 429,
      headers: { 'retry-after': '30' },
    })
    expect(blocked).toBe(30)
    const seenByB = await instanceB.acquire('https://slow.example.net/y')
    expect(seenByB.allowed).toBe(false)
    expect(seenByB.retryAfterSeconds).toBeGreaterThanOrEqual(29)
    expect(seenByB.retryAfterSeconds).toBeLessThanOrEqual(30)
  })

  it('adapts to RateLimit headers, HTTP-date Retry-After and caps what a destination may impose', async () => {
    const clock = { now: Date.parse('2025-01-01T00:00:00Z') }
    const outgoing = createOutgoingLimiter({
      store: memoryRateLimitStore({ clock: () => clock.now }),
      clock: () => clock.now,
      maxBlockSeconds: 600,
    })
    const headers = new Headers({ RateLimit: '"hour";r=0;t=120' })
    expect(await outgoing.observe('https://a.example/', { status: 200, headers })).toBe(120)
    expect((await outgoing.acquire('https://a.example/')).retryAfterSeconds).toBe(120)
    const date = { 'retry-after': 'Wed, 01 Jan 2025 00:00:45 GMT' }
    expect(await outgoing.observe('https://b.example/', { status: 429, headers: date })).toBe(45)
    expect(await outgoing.observe('https://c.example/', { status: 429, headers: {} })).toBe(60)
    expect(
      await outgoing.observe('https://d.example/', { status: 429, headers: { 'retry-after': '86400' } }),
    ).toBe(600)
    expect(
      await outgoing.observe('https://e.example/', { status: 200, headers: { 'retry-after': '5' } }),
    ).toBe(0)
    expect(
      await outgoing.observe('https://e.example/', { status: 503, headers: { 'retry-after': '5' } }),
    ).toBe(5)
    expect((await outgoing.acquire('https://f.example/')).allowed).toBe(true)
  })

  it('parses hints defensively', () => {
    expect(parseRetryAfter('  12 ', 0)).toBe(12)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter('-5', 0)).toBeUndefined()
    expect(parseRetryAfter(undefined, 0)).toBeUndefined()
    expect(exhaustedRateLimitSeconds('"m";r=3;t=10, "d";r=0;t=900')).toBe(900)
    expect(exhaustedRateLimitSeconds('"m";r=1;t=10')).toBeUndefined()
    expect(exhaustedRateLimitSeconds('garbage')).toBeUndefined()
  })
})
