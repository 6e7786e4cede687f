/**
 * The SQLite stores (the embedded default for one machine): rate limits, idempotency keys and quotas
 * in one database file. A separate subpath, so better-sqlite3 stays an optional peer dependency.
 */
export {
  createSqliteIdempotencyStore,
  type SqliteIdempotencyStore,
  type SqliteIdempotencyStoreOptions,
} from '../guards/idempotency/stores/sqlite.js'
export {
  createSqliteQuotaStore,
  type SqliteQuotaStore,
  type SqliteQuotaStoreOptions,
} from '../guards/quota/stores/sqlite.js'
export { sqliteRateLimitStore } from '../guards/rate-limit/stores/sqlite.js'
