import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../test/support/redis-server.js'
import { createIdempotencyGuard, type IdempotencyGuard } from './engine.js'
import type { IdempotencyStore } from './store.js'
import { createRedisIdempotencyStore } from './stores/redis.js'
import { createSqliteIdempotencyStore, type SqliteIdempotencyStore } from './stores/sqlite.js'
import { contenderRequest } from './testing/contender-task.js'
import { killHard, runRaces, startHolder } from './testing/spawn-contender.js'

let server: RedisServer
let redis: Redis
const dir = mkdtempSync(join(tmpdir(), 'faultline-idem-cross-'))
const sqliteStores: SqliteIdempotencyStore[] = []

beforeAll(async () => {
  server = await startRedisServer()
  redis = new Redis(server.url)
})

afterAll(async () => {
  redis?.disconnect()
  for (const store of sqliteStores) store.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until the key proceeds; returns how long after `since` it did. */
async function msUntilProceed(
  guard: IdempotencyGuard,
  key: string,
  since: number,
  boundMs: number,
): Promise<number> {
  while (Date.now() - since < boundMs) {
    const decision = await guard.begin(contenderRequest(key))
    if (decision.kind === 'proceed') return Date.now() - since
    expect(decision.kind).toBe('conflict')
    await sleep(25)
  }
  throw new Error(`key still blocked ${boundMs} ms after the holder died`)
}

async function crashedHolderReleasesAfterLease(
  store: IdempotencyStore,
  storeKind: 'redis' | 'sqlite',
  location: string,
) {
  const lockTtlMs = 600
  const key = `crash-${storeKind}-${Date.now()}`
  const guard = createIdempotencyGuard({ store, lockTtlMs })
  const holder = await startHolder({ mode: 'hold', store: storeKind, location, key, lockTtlMs })
  try {
    expect((await guard.begin(contenderRequest(key))).kind).toBe('conflict')
    // Twice the lease: only the holder's heartbeat can still be keeping the key.
    await sleep(lockTtlMs * 2)
    expect((await guard.begin(contenderRequest(key))).kind).toBe('conflict')
  } finally {
    await killHard(holder)
  }
  const killedAt = Date.now()
  const waited = await msUntilProceed(guard, key, killedAt, lockTtlMs * 4)
  // Blocked for about one lease after the crash (the margin absorbs polling and a loaded machine), never for the retention.
  expect(waited).toBeLessThanOrEqual(lockTtlMs + 1000)
}

describe('idempotency across separate Node processes', () => {
  it('runs the work exactly once for 50 concurrent requests with one key split across two processes (Redis)', async () => {
    const key = `race-${Date.now()}`
    const task = {
      mode: 'race',
      store: 'redis',
      location: server.url,
      key,
      lockTtlMs: 5000,
      requests: 25,
      workMs: 300,
    } as const
    const [a, b] = await runRaces([task, task])
    if (a === undefined || b === undefined) throw new Error('expected two race summaries')
    // Each process either ran the work or met the other's lease: the two really overlapped.
    for (const racer of [a, b]) expect(racer.executed + racer.conflicts).toBeGreaterThan(0)
    expect(a.executed + b.executed).toBe(1)
    expect(a.replayed + b.replayed).toBe(49)
    expect(await redis.get(`work-count:${key}`)).toBe('1')
    const bodies = new Set([...a.bodies, ...b.bodies])
    expect(bodies.size).toBe(1)
  })

  it('lets the key proceed once the lease of a kill -9ed holder expires (Redis)', async () => {
    const store = createRedisIdempotencyStore({ client: redis })
    await crashedHolderReleasesAfterLease(store, 'redis', server.url)
  })

  it('lets the key proceed once the lease of a kill -9ed holder expires (SQLite)', async () => {
    const path = join(dir, 'crash.db')
    const store = createSqliteIdempotencyStore({ database: path })
    sqliteStores.push(store)
    await crashedHolderReleasesAfterLease(store, 'sqlite', path)
  })
})
