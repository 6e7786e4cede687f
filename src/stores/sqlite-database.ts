import { createRequire } from 'node:module'
import type Database from 'better-sqlite3'

/** What every SQLite-backed guard store accepts. */
export interface SqliteStoreOptions {
  /** A file path (opened in WAL mode and closed by `close()`), or an open better-sqlite3 database. */
  readonly database: string | Database.Database
  /** The table the store keeps its rows in. */
  readonly table?: string | undefined
  /** How long a write waits for another process's lock; it blocks the thread, so keep it short. Default 1000 ms. */
  readonly busyTimeoutMs?: number | undefined
  /** The clock, in ms since the epoch; injectable for tests. */
  readonly now?: (() => number) | undefined
}

export interface SqliteStoreDatabase {
  readonly db: Database.Database
  readonly table: string
  /** Closes the database when the store opened it itself. */
  close(): void
}

/**
 * Opens (or adopts) a store's database: a checked table name, WAL, a short busy timeout. better-sqlite3
 * is loaded only here, when a path is given, so it stays an optional peer dependency.
 */
export function openStoreDatabase(options: SqliteStoreOptions, defaultTable: string): SqliteStoreDatabase {
  const table = options.table ?? defaultTable
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new TypeError(`not a plain SQL table name: ${table}`)
  const owns = typeof options.database === 'string'
  const db =
    typeof options.database === 'string'
      ? new (createRequire(import.meta.url)('better-sqlite3') as typeof Database)(options.database)
      : options.database
  db.pragma('journal_mode = WAL')
  // In WAL mode NORMAL survives a process crash (the case that matters here); only an OS crash can lose
  // the last commits. A database handed in keeps the caller's own setting.
  if (owns) db.pragma('synchronous = NORMAL')
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 1000))}`)
  return {
    db,
    table,
    close() {
      if (owns && db.open) db.close()
    },
  }
}
