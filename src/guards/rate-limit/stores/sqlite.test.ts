import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createRateLimiter } from '../limiter.js'
import type { RateLimitPolicy } from '../policy.js'
import { sqliteRateLimitStore } from './sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'faultline-rl-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const policies: RateLimitPolicy[] = [
  { name: 'minute', limit: 3, windowSeconds: 60 },
  { name: 'day', limit: 5, windowSeconds: 86_400, algorithm: 'sliding-window' },
]

describe('SQLite rate-limit store', () => {
  it('creates its table in WAL mode on first use and enforces every policy all-or-nothing', async () => {
    const db = new Database(join(dir, 'first-use.db'))
    const store = sqliteRateLimitStore(db)
    const tablesBefore = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    expect(tablesBefore).toEqual([])
    const limiter = createRateLimiter({ policies, store })
    const results = []
    for (let i = 0; i < 4; i++) results.push((await limiter.consume('u1')).allowed)
    expect(results).toEqual([true, true, true, false])
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const refused = await limiter.consume('u2', 4)
    expect(refused.allowed).toBe(false)
    expect(db.prepare('SELECT count(*) AS n FROM faultline_rate_limit WHERE key = ?').get('rl:u2')).toEqual({
      n: 0,
    })
    const rows = db
      .prepare('SELECT policy FROM faultline_rate_limit WHERE key = ? ORDER BY policy')
      .all('rl:u1')
    expect(rows).toEqual([{ policy: 'day.s' }, { policy: 'minute.g' }])
    db.close()
  })

  it('keeps the state across a close and reopen of the file', async () => {
    const file = join(dir, 'restart.db')
    const clock = { now: 1_700_000_000_000 }
    let db = new Database(file)
    let limiter = createRateLimiter({ policies, store: sqliteRateLimitStore(db, { clock: () => clock.now }) })
    for (let i = 0; i < 3; i++) expect((await limiter.consume('client')).allowed).toBe(true)
    db.close()

    db = new Database(file)
    limiter = createRateLimiter({ policies, store: sqliteRateLimitStore(db, { clock: () => clock.now }) })
    const afterRestart = await limiter.consume('client')
    expect(afterRestart.allowed).toBe(false)
    expect(afterRestart.retryAfterSeconds).toBe(20)
    clock.now += 60_000
    const decisions = []
    for (let i = 0; i < 3; i++) decisions.push((await limiter.consume('client')).allowed)
    expect(decisions).toEqual([true, true, false]) // the day policy had 2 left
    expect((await limiter.peek('client')).policies.map((p) => p.remaining)).toEqual([1, 0])
    db.close()
  })

  it('blocks and resets a key, and sweeps expired rows', async () => {
    const clock = { now: 1_700_000_000_000 }
    const db = new Database(join(dir, 'block.db'))
    const store = sqliteRateLimitStore(db, { clock: () => clock.now, sweepEvery: 3 })
    const limiter = createRateLimiter({ policies: [{ name: 'm', limit: 10, windowSeconds: 1 }], store })
    await limiter.block('k', 5)
    expect(await limiter.consume('k')).toMatchObject({ allowed: false, retryAfterSeconds: 5 })
    await limiter.reset('k')
    expect((await limiter.consume('k')).allowed).toBe(true)
    clock.now += 60_000
    await limiter.consume('other')
    const left = db.prepare('SELECT key FROM faultline_rate_limit').all()
    expect(left).toEqual([{ key: 'rl:other' }])
    db.close()
  })
})
