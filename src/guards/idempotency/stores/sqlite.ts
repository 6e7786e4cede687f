import { createRequire } from 'node:module'
import type Database from 'better-sqlite3'
import type { ClaimInput, ClaimOutcome, CompleteInput, IdempotencyStore, StoredResponse } from '../store.js'

/**
 * Idempotency records in a SQLite file (WAL): survives restarts and is shared by the processes of one
 * machine. Each claim and completion runs in an IMMEDIATE transaction, which takes the write lock
 * before reading, so two processes can never both see "free" and both claim.
 */

export interface SqliteIdempotencyStoreOptions {
  /** A file path (opened in WAL mode and closed by `close()`), or an open better-sqlite3 database. */
  readonly database: string | Database.Database
  /** Default `faultline_idempotency`. */
  readonly table?: string | undefined
  /** How long a write waits for another process's lock; it blocks the thread, so keep it short. Default 1000 ms. */
  readonly busyTimeoutMs?: number | undefined
  /** The clock, in ms since the epoch; injectable for tests. */
  readonly now?: (() => number) | undefined
}

export interface SqliteIdempotencyStore extends IdempotencyStore {
  /** Deletes expired records (at most `limit`); claims also do this now and then. Returns how many. */
  purgeExpired(limit?: number): number
  /** Closes the database when the store opened it. */
  close(): void
}

interface RecordRow {
  fingerprint: string
  state: 'running' | 'done'
  token: string | null
  expires_at: number
  status: number | null
  headers: string | null
  body: Buffer | null
}

const PURGE_EVERY_CLAIMS = 500

export function createSqliteIdempotencyStore(options: SqliteIdempotencyStoreOptions): SqliteIdempotencyStore {
  const table = options.table ?? 'faultline_idempotency'
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
      key TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('running', 'done')),
      token TEXT,
      expires_at INTEGER NOT NULL,
      status INTEGER,
      headers TEXT,
      body BLOB
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at);
  `)

  const select = db.prepare<[string], RecordRow>(
    `SELECT fingerprint, state, token, expires_at, status, headers, body FROM ${table} WHERE key = ?`,
  )
  const putRunning = db.prepare<[string, string, string, number]>(
    `INSERT INTO ${table} (key, fingerprint, state, token, expires_at) VALUES (?, ?, 'running', ?, ?)
     ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'running', token = excluded.token,
       expires_at = excluded.expires_at, status = NULL, headers = NULL, body = NULL`,
  )
  const putDone = db.prepare<[string, string, number, number, string, Buffer]>(
    `INSERT INTO ${table} (key, fingerprint, state, token, expires_at, status, headers, body) VALUES (?, ?, 'done', NULL, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'done', token = NULL,
       expires_at = excluded.expires_at, status = excluded.status, headers = excluded.headers, body = excluded.body`,
  )
  const extendLease = db.prepare<[number, string, string, number]>(
    `UPDATE ${table} SET expires_at = ? WHERE key = ? AND state = 'running' AND token = ? AND expires_at > ?`,
  )
  const releaseLease = db.prepare<[string, string]>(
    `DELETE FROM ${table} WHERE key = ? AND state = 'running' AND token = ?`,
  )
  const purge = db.prepare<[number, number]>(
    `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE expires_at <= ? LIMIT ?)`,
  )

  const claim = db.transaction((input: ClaimInput, at: number): ClaimOutcome => {
    const row = select.get(input.key)
    if (row === undefined || row.expires_at <= at) {
      putRunning.run(input.key, input.fingerprint, input.token, at + input.leaseMs)
      return { kind: 'claimed' }
    }
    if (row.state === 'running') {
      return { kind: 'running', fingerprint: row.fingerprint, leaseRemainingMs: row.expires_at - at }
    }
    return { kind: 'done', fingerprint: row.fingerprint, response: responseOf(row) }
  })

  const complete = db.transaction((input: CompleteInput, at: number): boolean => {
    const row = select.get(input.key)
    const live = row !== undefined && row.expires_at > at
    if (live && (row.state !== 'running' || row.token !== input.token)) return false
    const { response } = input
    putDone.run(
      input.key,
      input.fingerprint,
      at + input.retentionMs,
      response.status,
      JSON.stringify(response.headers),
      Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength),
    )
    return true
  })

  let claimsSincePurge = 0
  const purgeExpired = (limit = 500) => purge.run(now(), limit).changes

  return {
    async claim(input) {
      if (++claimsSincePurge >= PURGE_EVERY_CLAIMS) {
        claimsSincePurge = 0
        purgeExpired()
      }
      return claim.immediate(input, now())
    },
    async extend(key, token, leaseMs) {
      const at = now()
      return extendLease.run(at + leaseMs, key, token, at).changes === 1
    },
    async complete(input) {
      return complete.immediate(input, now())
    },
    async release(key, token) {
      return releaseLease.run(key, token).changes === 1
    },
    purgeExpired,
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

function responseOf(row: RecordRow): StoredResponse {
  const headers = JSON.parse(row.headers ?? '[]') as Array<[string, string]>
  return { status: row.status ?? 0, headers, body: new Uint8Array(row.body ?? new Uint8Array(0)) }
}
