import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../../test/support/redis-server.js'
import { idempotencyStoreContract } from '../testing/store-contract.js'
import { createRedisIdempotencyStore } from './redis.js'

let server: RedisServer
const clients: Redis[] = []

function connect(): Redis {
  const client = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: false })
  clients.push(client)
  return client
}

async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve))
  return client
}

beforeAll(async () => {
  server = await startRedisServer()
})

afterAll(async () => {
  for (const client of clients) client.disconnect()
  await server?.stop()
})

describe('Redis idempotency store', () => {
  idempotencyStoreContract(
    async () => {
      const store = createRedisIdempotencyStore({ client: await ready(connect()) })
      return {
        store,
        // The lease lives in Redis's clock: only real time moves it.
        pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        reopen: async () => createRedisIdempotencyStore({ client: await ready(connect()) }),
      }
    },
    { durable: true },
  )
})

describe('Redis idempotency scripts', () => {
  it('fall back from EVALSHA to EVAL when the server has lost its script cache', async () => {
    const client = await ready(connect())
    const store = createRedisIdempotencyStore({ client, prefix: 'flush-test:' })
    expect(await store.claim({ key: 'a', fingerprint: 'f', token: 't', leaseMs: 5000 })).toEqual({
      kind: 'claimed',
    })
    await client.script('FLUSH')
    expect(await store.claim({ key: 'b', fingerprint: 'f', token: 't', leaseMs: 5000 })).toEqual({
      kind: 'claimed',
    })
    expect(await store.extend('a', 't', 5000)).toBe(true)
  })

  it('keeps each record under one prefixed key whose TTL is the lease, then the retention', async () => {
    const client = await ready(connect())
    const store = createRedisIdempotencyStore({ client, prefix: 'ttl-test:' })
    await store.claim({ key: 'k', fingerprint: 'f', token: 't', leaseMs: 3000 })
    const leaseTtl = await client.pttl('ttl-test:k')
    expect(leaseTtl).toBeGreaterThan(2000)
    expect(leaseTtl).toBeLessThanOrEqual(3000)
    const body = Uint8Array.from([0, 1, 2, 255])
    expect(
      await store.complete({
        key: 'k',
        fingerprint: 'f',
        token: 't',
        retentionMs: 60_000,
        response: { status: 200, headers: [], body },
      }),
    ).toBe(true)
    expect(await client.pttl('ttl-test:k')).toBeGreaterThan(50_000)
    expect((await client.hgetBuffer('ttl-test:k', 'body'))?.equals(Buffer.from(body))).toBe(true)
  })
})
