export {
  createQuota,
  type Quota,
  type QuotaDecision,
  type QuotaGranted,
  type QuotaOptions,
  type QuotaRefused,
  type QuotaReservation,
  type QuotaResource,
  type QuotaUsage,
} from './engine.js'
export { bucketResetsAt, LIVE_BUCKET, periodBucket, type QuotaPeriod } from './period.js'
export type { QuotaCount, QuotaCounter, QuotaStore } from './store.js'
export { createMemoryQuotaStore, type MemoryQuotaStoreOptions } from './stores/memory.js'
export { createRedisQuotaStore, quotaBaseKey, type RedisQuotaStoreOptions } from './stores/redis.js'
export {
  createSqliteQuotaStore,
  type SqliteQuotaStore,
  type SqliteQuotaStoreOptions,
} from './stores/sqlite.js'
