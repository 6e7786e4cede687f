import { openStoreDatabase, type SqliteStoreOptions } from '../../../stores/sqlite-database.js'
import type { ClaimInput, ClaimOutcome, CompleteInput, IdempotencyStore, StoredResponse } from '../store.js'

/**
 * Idempotency records in a SQLite file (WAL): survives restarts and is shared by the processes of one
 * machine. Each claim and completion runs in an IMMEDIATE transaction, which takes the write lock
 * before reading, so two processes can never both see "free" and both claim.
 */

/** Options of the store; `table` defaults to `faultline_idempotency`. */
export interface SqliteIdempotencyStoreOptions extends SqliteStoreOptions {}

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
  const opened = openStoreDatabase(options, 'faultline_idempotency')
  const { db, table } = opened
  const now = options.now ?? Date.now
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
      opened.close()
    },
  }
}

// Loaded only when a path is given, so importing the guard never requires the optional driver.

function responseOf(row: RecordRow): StoredResponse {
  const headers = JSON.parse(row.headers ?? '[]') as Array<[string, string]>
  return { status: row.status ?? 0, headers, body: new Uint8Array(row.body ?? new Uint8Array(0)) }
}
