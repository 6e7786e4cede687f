import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createQuota } from '../engine.js'
import { quotaStoreContract } from '../testing/store-contract.js'
import { createSqliteQuotaStore, type SqliteQuotaStore } from './sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'faultline-quota-sqlite-'))
const opened: SqliteQuotaStore[] = []
let fileSequence = 0

function open(path: string, now: () => number): SqliteQuotaStore {
  const store = createSqliteQuotaStore({ database: path, now })
  opened.push(store)
  return store
}

afterAll(() => {
  for (const store of opened) store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('SQLite quota store', () => {
  quotaStoreContract(
    async () => {
      let now = Date.now()
      return {
        store: open(join(dir, `quota-${++fileSequence}.db`), () => now),
        setNow: (ms) => {
          now = ms
        },
      }
    },
    { movable: true },
  )

  it('keeps counts across closing and reopening the file', async () => {
    const path = join(dir, 'reopen.db')
    const first = open(path, Date.now)
    const resources = { agents: { limit: 3 } }
    await createQuota({ store: first, resources }).reserve('acct', 'agents', 3)
    first.close()
    const again = createQuota({ store: open(path, Date.now), resources })
    expect(await again.reserve('acct', 'agents')).toMatchObject({ ok: false, current: 3, limit: 3 })
  })

  it('purges the rows of ended periods and keeps live counts', async () => {
    let now = Date.UTC(2026, 0, 15)
    const store = open(join(dir, 'purge.db'), () => now)
    const quota = createQuota({
      store,
      resources: {
        messages: { limit: 9, period: 'month' },
        exports: { limit: 9, period: 'day' },
        agents: { limit: 9 },
      },
    })
    await quota.reserve('acct', 'messages')
    await quota.reserve('acct', 'exports')
    await quota.reserve('acct', 'agents')
    now = Date.UTC(2026, 1, 3)
    await quota.reserve('acct', 'messages')
    expect(store.purgeEndedPeriods()).toBe(2)
    expect((await quota.usage('acct', 'agents')).current).toBe(1)
    expect((await quota.usage('acct', 'messages')).current).toBe(1)
  })
})
