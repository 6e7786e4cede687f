/**
 * The Redis stores (many instances): each decision is one atomic Lua script, timed by Redis's own
 * clock. A separate subpath, so ioredis stays an optional peer dependency. Create the client with
 * `{ enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout }` so a dead Redis fails fast.
 */
export {
  createRedisIdempotencyStore,
  type RedisIdempotencyStoreOptions,
} from '../guards/idempotency/stores/redis.js'
export { createRedisQuotaStore, type RedisQuotaStoreOptions } from '../guards/quota/stores/redis.js'
export { redisRateLimitStore } from '../guards/rate-limit/stores/redis.js'
