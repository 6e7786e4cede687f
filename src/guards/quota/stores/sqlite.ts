import { openStoreDatabase, type SqliteStoreOptions } from '../../../stores/sqlite-database.js'
import { periodBucket } from '../period.js'
import type { QuotaStore } from '../store.js'

/**
 * Quota counters in a SQLite file (WAL), one row per (tenant, resource, bucket). A reservation reads
 * and counts inside an IMMEDIATE transaction, which holds the write lock, so processes sharing the file
 * cannot both pass the limit.
 */

/** Options of the store; `table` defaults to `faultline_quota`. */
export interface SqliteQuotaStoreOptions extends SqliteStoreOptions {}

export interface SqliteQuotaStore extends QuotaStore {
  /** Deletes the rows of periods that ended before `beforeMs` (default now). Returns how many. */
  purgeEndedPeriods(beforeMs?: number): number
  /** Closes the database when the store opened it. */
  close(): void
}

export function createSqliteQuotaStore(options: SqliteQuotaStoreOptions): SqliteQuotaStore {
  const opened = openStoreDatabase(options, 'faultline_quota')
  const { db, table } = opened
  const now = options.now ?? Date.now
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
      opened.close()
    },
  }
}

// Loaded only when a path is given, so importing the guard never requires the optional driver.
