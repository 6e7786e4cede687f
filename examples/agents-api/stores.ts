import {
  createIdempotencyGuard,
  createOutgoingLimiter,
  createQuota,
  createRateLimiter,
  type IdempotencyStore,
  type Quota,
  type QuotaStore,
  type RateLimitStore,
} from 'faultline/guards'
import { createRedisIdempotencyStore, createRedisQuotaStore, redisRateLimitStore } from 'faultline/redis'
import { createSqliteIdempotencyStore, createSqliteQuotaStore, sqliteRateLimitStore } from 'faultline/sqlite'
import { Redis } from 'ioredis'
import type { Config } from './config.js'
import type { Db } from './db.js'
import type { OutgoingGate } from './vault.js'

export interface Guards {
  readonly limiter: ReturnType<typeof createRateLimiter>
  readonly idempotencyGuard: ReturnType<typeof createIdempotencyGuard>
  readonly outgoing: OutgoingGate
  readonly quota: Quota<'messages'>
  readonly storeName: 'sqlite' | 'redis'
  close(): Promise<void>
}

/** SQLite (the embedded default) for one instance; Redis when REDIS_URL is set, so instances share state. */
export function createGuards(config: Config, db: Db): Guards {
  let rateStore: RateLimitStore
  let idempotencyStore: IdempotencyStore
  let quotaStore: QuotaStore
  let redis: Redis | undefined
  if (config.redisUrl) {
    // No offline queue and no retries: a dead Redis must fail fast so the failure policy can act.
    redis = new Redis(config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
    })
    redis.on('error', () => {
      // Reconnection is automatic; each failed command is reported through the guard's failure policy.
    })
    rateStore = redisRateLimitStore(redis)
    idempotencyStore = createRedisIdempotencyStore({ client: redis })
    quotaStore = createRedisQuotaStore({ client: redis })
  } else {
    rateStore = sqliteRateLimitStore(db)
    idempotencyStore = createSqliteIdempotencyStore({ database: db })
    quotaStore = createSqliteQuotaStore({ database: db })
  }
  const limiter = createRateLimiter({
    policies: [
      { name: 'per-key', limit: config.rateLimit.limit, windowSeconds: config.rateLimit.windowSeconds },
    ],
    store: rateStore,
    failure: 'open',
  })
  const idempotencyGuard = createIdempotencyGuard({
    store: idempotencyStore,
    lockTtlMs: config.idempotencyLockMs,
    failure: 'closed',
  })
  const quota = createQuota({
    store: quotaStore,
    resources: { messages: { limit: config.monthlyMessages, period: 'month' } },
  })
  const outgoingLimiter = createOutgoingLimiter({
    store: rateStore,
    perDomain: { limit: config.outgoingPerMinute, windowSeconds: 60 },
  })
  const outgoing: OutgoingGate = {
    async acquire(url) {
      const decision = await outgoingLimiter.acquire(url)
      return decision.allowed
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds ?? 60 }
    },
    async observe(url, response) {
      await outgoingLimiter.observe(url, response)
    },
  }
  return {
    limiter,
    idempotencyGuard,
    outgoing,
    quota,
    storeName: redis ? 'redis' : 'sqlite',
    async close() {
      redis?.disconnect()
    },
  }
}
