import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe } from 'vitest'
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
