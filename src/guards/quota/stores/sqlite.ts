import { createRequire } from 'node:module'
import type Database from 'better-sqlite3'
import { periodBucket } from '../period.js'
import type { QuotaStore } from '../store.js'

/**
 * Quota counters in a SQLite file (WAL), one row per (tenant, resource, bucket). A reservation reads
 * and counts inside an IMMEDIATE transaction, which holds the write lock, so processes sharing the file
 * cannot both pass the limit.
 */

export interface SqliteQuotaStoreOptions {
  /** A file path (opened in WAL mode and closed by `close()`), or an open better-sqlite3 database. */
  readonly database: string | Database.Database
  /** Default `faultline_quota`. */
  readonly table?: string | undefined
  /** How long a write waits for another process's lock; it blocks the thread, so keep it short. Default 1000 ms. */
  readonly busyTimeoutMs?: number | undefined
  /** The clock, in ms since the epoch; injectable for tests. */
  readonly now?: (() => number) | undefined
}

export interface SqliteQuotaStore extends QuotaStore {
  /** Deletes the rows of periods that ended before `beforeMs` (default now). Returns how many. */
  purgeEndedPeriods(beforeMs?: number): number
  /** Closes the database when the store opened it. */
  close(): void
}

export function createSqliteQuotaStore(options: SqliteQuotaStoreOptions): SqliteQuotaStore {
  const table = options.table ?? 'faultline_quota'
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new TypeError(`not a plain SQL table name: ${table}`)
  const ownsDatabase = typeof options.database === 'string'
  const db = typeof options.database === 'string' ? openSqliteDatabase(options.database) : options.database
  const now = options.now ?? Date.now
  db.pragma('journal_mode = WAL')
  // In WAL mode NORMAL survives a process crash (the case that matters here); only an OS crash can lose
  // the last commits. A database handed in keeps the caller's own setting.
  if (ownsDatabase) db.pragma('synchronous = NORMAL')
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 1000))}`)
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${table} (
      tenant TEXT NOT NULL,
      resource TEXT NOT NULL,
      bucket TEXT NOT NULL,
      used INTEGER NOT NULL CHECK (used >= 0),
      PRIMARY KEY (tenant, resource, bucket)
    ) WITHOUT ROWID;
  `)

  const selectUsed = db.prepare<[string, string, string], { used: number }>(
    `SELECT used FROM ${table} WHERE tenant = ? AND resource = ? AND bucket = ?`,
  )
  const add = db.prepare<[string, string, string, number]>(
    `INSERT INTO ${table} (tenant, resource, bucket, used) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant, resource, bucket) DO UPDATE SET used = used + excluded.used`,
  )
  const subtract = db.prepare<[number, string, string, string], { used: number }>(
    `UPDATE ${table} SET used = MAX(0, used - ?) WHERE tenant = ? AND resource = ? AND bucket = ? RETURNING used`,
  )
  // Month buckets (YYYY-MM) sort before any day of a later month, so a string compare finds ended periods.
  const purgeBefore = db.prepare<[string, string]>(
    `DELETE FROM ${table} WHERE bucket <> 'live' AND ((length(bucket) = 7 AND bucket < ?) OR (length(bucket) = 10 AND bucket < ?))`,
  )

  const reserve = db.transaction(
    (tenant: string, resource: string, bucket: string, amount: number, limit: number) => {
      const current = selectUsed.get(tenant, resource, bucket)?.used ?? 0
      if (current + amount > limit) return { ok: false, current, bucket }
      add.run(tenant, resource, bucket, amount)
      return { ok: true, current: current + amount, bucket }
    },
  )

  return {
    async reserve(input) {
      const bucket = periodBucket(input.period, now())
      return reserve.immediate(input.tenant, input.resource, bucket, input.amount, input.limit)
    },
    async release(input) {
      const bucket = input.bucket ?? periodBucket(input.period, now())
      const row = subtract.get(input.amount, input.tenant, input.resource, bucket)
      return { current: row?.used ?? 0, bucket }
    },
    async usage(input) {
      const bucket = periodBucket(input.period, now())
      return { current: selectUsed.get(input.tenant, input.resource, bucket)?.used ?? 0, bucket }
    },
    purgeEndedPeriods(beforeMs = now()) {
      return purgeBefore.run(periodBucket('month', beforeMs), periodBucket('day', beforeMs)).changes
    },
    close() {
      if (ownsDatabase && db.open) db.close()
    },
  }
}

// Loaded only when a path is given, so importing the guard never requires the optional driver.
function openSqliteDatabase(path: string): Database.Database {
  const open = createRequire(import.meta.url)('better-sqlite3') as typeof Database
  return new open(path)
}
