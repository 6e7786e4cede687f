import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../../test/support/redis-server.js'
import { StoreUnavailableError } from '../../store-failure.js'
import { createQuota } from '../engine.js'
import { quotaStoreContract } from '../testing/store-contract.js'
import { createRedisQuotaStore, quotaBaseKey } from './redis.js'
import { BUCKET_FOR_LUA } from './redis-scripts.js'

let server: RedisServer
let client: Redis

async function waitReady(redis: Redis, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs
  while (redis.status !== 'ready') {
    if (Date.now() > deadline)
      throw new Error(`client not ready after ${boundMs} ms (status ${redis.status})`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The UTC month and day by the Redis server's own clock. */
async function serverBuckets(): Promise<{ month: string; previousMonth: string; day: string }> {
  const [seconds] = await client.time()
  const now = new Date(Number(seconds) * 1000)
  const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  return {
    month: now.toISOString().slice(0, 7),
    previousMonth: previous.toISOString().slice(0, 7),
    day: now.toISOString().slice(0, 10),
  }
}

beforeAll(async () => {
  server = await startRedisServer()
  client = new Redis(server.url, { enableOfflineQueue: false, retryStrategy: () => 50 })
  // Refused connections during the outage test are expected, not unhandled.
  client.on('error', () => undefined)
  await waitReady(client, 5000)
})

afterAll(async () => {
  client?.disconnect()
  await server?.stop()
})

describe('Redis quota store', () => {
  quotaStoreContract(async () => ({ store: createRedisQuotaStore({ client }) }), { movable: false })

  it('counts a monthly quota under a key named after the month by Redis TIME, so a new month starts at zero', async () => {
    const quota = createQuota({
      store: createRedisQuotaStore({ client }),
      resources: { messages: { limit: 20, period: 'month' } },
    })
    const base = quotaBaseKey('faultline:quota:', 'acct_month', 'messages')
    const { month, previousMonth } = await serverBuckets()
    // Last month is full; it must not count against this month.
    await client.set(`${base}:${previousMonth}`, 20)
    expect(await quota.reserve('acct_month', 'messages')).toMatchObject({ ok: true, current: 1 })
    expect(await client.get(`${base}:${month}`)).toBe('1')
    const ttl = await client.ttl(`${base}:${month}`)
    expect(ttl).toBeGreaterThan(31 * 86_400)
    // This month's key is the one the script reads: filling it refuses.
    await client.set(`${base}:${month}`, 20)
    expect(await quota.reserve('acct_month', 'messages')).toMatchObject({ ok: false, current: 20, limit: 20 })
  })

  it('computes the same UTC month and day in Lua as JavaScript does, leap years and month ends included', async () => {
    const script = `${BUCKET_FOR_LUA}
local out = {}
for i = 1, #ARGV do
  local seconds = tonumber(ARGV[i])
  table.insert(out, (bucket_for('day', seconds)))
  table.insert(out, (bucket_for('month', seconds)))
end
return out`
    const instants: number[] = []
    // Every day from 1999 to 2101 at 00:00:00 and 23:59:59 UTC: covers 2000 (leap) and 2100 (not leap).
    for (let day = Date.UTC(1999, 0, 1); day <= Date.UTC(2101, 0, 1); day += 86_400_000) {
      instants.push(day / 1000, day / 1000 + 86_399)
    }
    const expected = instants.flatMap((seconds) => {
      const iso = new Date(seconds * 1000).toISOString()
      return [iso.slice(0, 10), iso.slice(0, 7)]
    })
    for (let start = 0; start < instants.length; start += 4000) {
      const chunk = instants.slice(start, start + 4000)
      const buckets = (await client.eval(script, 0, ...chunk)) as string[]
      expect(buckets).toEqual(expected.slice(start * 2, (start + chunk.length) * 2))
    }
  })

  it('names a daily bucket after the UTC day and a live count with no expiry', async () => {
    const quota = createQuota({
      store: createRedisQuotaStore({ client }),
      resources: { exports: { limit: 5, period: 'day' }, agents: { limit: 5 } },
    })
    const { day } = await serverBuckets()
    await quota.reserve('acct_day', 'exports', 2)
    await quota.reserve('acct_day', 'agents', 3)
    expect(await client.get(`${quotaBaseKey('faultline:quota:', 'acct_day', 'exports')}:${day}`)).toBe('2')
    const live = `${quotaBaseKey('faultline:quota:', 'acct_day', 'agents')}:live`
    expect(await client.get(live)).toBe('3')
    expect(await client.ttl(live)).toBe(-1)
  })

  it('fails open or closed while Redis is down, within the store timeout, and recovers', async () => {
    const store = createRedisQuotaStore({ client })
    const resources = { agents: { limit: 5 } }
    const open = createQuota({ store, resources, failure: 'open', storeTimeoutMs: 200 })
    const closed = createQuota({ store, resources, failure: 'closed', storeTimeoutMs: 200 })
    await server.kill()
    let started = performance.now()
    expect(await open.reserve('acct_down', 'agents')).toMatchObject({
      ok: true,
      unprotected: true,
      current: 0,
    })
    expect(performance.now() - started).toBeLessThan(450)
    started = performance.now()
    await expect(closed.reserve('acct_down', 'agents')).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(performance.now() - started).toBeLessThan(450)
    await server.start()
    await waitReady(client, 10_000)
    expect(await closed.reserve('acct_down', 'agents')).toMatchObject({
      ok: true,
      unprotected: false,
      current: 1,
    })
  })
})
