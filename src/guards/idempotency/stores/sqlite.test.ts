import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { idempotencyStoreContract } from '../testing/store-contract.js'
import { createSqliteIdempotencyStore, type SqliteIdempotencyStore } from './sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'faultline-idem-sqlite-'))
const opened: SqliteIdempotencyStore[] = []
let fileSequence = 0

function open(path: string, now: () => number): SqliteIdempotencyStore {
  const store = createSqliteIdempotencyStore({ database: path, now })
  opened.push(store)
  return store
}

afterAll(() => {
  for (const store of opened) store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('SQLite idempotency store', () => {
  idempotencyStoreContract(
    async () => {
      let offset = 0
      const now = () => Date.now() + offset
      const path = join(dir, `records-${++fileSequence}.db`)
      const store = open(path, now)
      return {
        store,
        pass: async (ms) => {
          offset += ms
        },
        reopen: async () => {
          store.close()
          return open(path, now)
        },
      }
    },
    { durable: true },
  )

  it('uses WAL and purges expired records', async () => {
    let at = 1_000_000
    const store = open(join(dir, 'purge.db'), () => at)
    await store.claim({ key: 'a', fingerprint: 'f', token: 't', leaseMs: 100 })
    await store.claim({ key: 'b', fingerprint: 'f', token: 't', leaseMs: 10_000 })
    at += 500
    expect(store.purgeExpired()).toBe(1)
    expect((await store.claim({ key: 'b', fingerprint: 'f', token: 'u', leaseMs: 100 })).kind).toBe('running')
  })
})
