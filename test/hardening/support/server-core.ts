import { appendFileSync } from 'node:fs'
import { connect } from 'node:net'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import { z } from 'zod'
import type { GuardRequest } from '../../../src/guards/http/guard-request.js'
import { createIdempotencyFlow } from '../../../src/guards/http/idempotency.js'
import { createRateLimitGuard } from '../../../src/guards/http/rate-limit.js'
import {
  createIdempotencyGuard,
  createMemoryIdempotencyStore,
  createRedisIdempotencyStore,
  createSqliteIdempotencyStore,
} from '../../../src/guards/idempotency/index.js'
import { createRateLimiter } from '../../../src/guards/rate-limit/limiter.js'
import { memoryRateLimitStore } from '../../../src/guards/rate-limit/stores/memory.js'
import { redisRateLimitStore } from '../../../src/guards/rate-limit/stores/redis.js'
import { sqliteRateLimitStore } from '../../../src/guards/rate-limit/stores/sqlite.js'
import type { FailurePolicy } from '../../../src/guards/store-failure.js'
import { hardeningCatalog } from './catalog.js'

/**
 * What every hardening server does, whatever framework carries it: the guards on the configured
 * store, and handlers that fail in the ways real handlers fail (a cause with a secret, a real driver
 * error, an environment value). Configured through environment variables set by the test.
 */

export const echoBody = z.object({
  name: z.string().max(2_000_000),
  n: z.number().optional(),
  tags: z.array(z.string()).max(100).optional(),
})

export interface CoreResponse {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string | Uint8Array
}

const env = process.env
const store = env.HARDENING_STORE ?? 'memory'
const failure = (value: string | undefined, fallback: FailurePolicy): FailurePolicy =>
  value === 'open' || value === 'closed' ? value : fallback

function redisClient(): Redis {
  // Fails fast while Redis is down and reconnects by itself when it is back.
  return new Redis(env.HARDENING_REDIS_URL ?? '', {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 200,
    retryStrategy: () => 50,
    lazyConnect: false,
  })
}

const redis = store === 'redis' ? redisClient() : undefined
redis?.on('error', () => undefined)
const sqlite =
  store === 'sqlite' ? new Database(env.HARDENING_SQLITE_FILE ?? ':memory:', { timeout: 100 }) : undefined

const rateLimitStore =
  redis !== undefined
    ? redisRateLimitStore(redis)
    : sqlite !== undefined
      ? sqliteRateLimitStore(sqlite)
      : memoryRateLimitStore()
const limiter = createRateLimiter({
  policies: [
    {
      name: 'main',
      limit: Number(env.HARDENING_RL_LIMIT ?? 50),
      windowSeconds: Number(env.HARDENING_RL_WINDOW ?? 60),
    },
  ],
  store: rateLimitStore,
  failure: failure(env.HARDENING_RL_FAILURE, 'open'),
  storeTimeoutMs: 300,
})
const rateLimit = createRateLimitGuard({
  limiter,
  catalog: hardeningCatalog,
  key: (request) => request.header('x-client') ?? 'anonymous',
})

const idempotencyStore =
  redis !== undefined
    ? createRedisIdempotencyStore({ client: redis })
    : sqlite !== undefined
      ? createSqliteIdempotencyStore({ database: sqlite, busyTimeoutMs: 100 })
      : createMemoryIdempotencyStore()
const idempotency = createIdempotencyFlow({
  guard: createIdempotencyGuard({
    store: idempotencyStore,
    failure: failure(env.HARDENING_IDEM_FAILURE, 'closed'),
    lockTtlMs: Number(env.HARDENING_LOCK_MS ?? 10_000),
    storeTimeoutMs: 300,
  }),
  catalog: hardeningCatalog,
  required: true,
})

/** Rate-limit check; the headers to add on success, or throws the catalog's 429/503. */
export async function checkRateLimit(request: GuardRequest): Promise<Record<string, string>> {
  return (await rateLimit.check(request)).headers
}

function json(status: number, value: unknown): CoreResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }
}

/**
 * The idempotent operation: waits `delayMs`, then records one execution in the side file (the effect),
 * then answers 201. The effect comes last so a crash while waiting leaves no trace.
 */
export async function idempotentCreate(request: GuardRequest, body: unknown): Promise<CoreResponse> {
  const step = await idempotency.begin(request, body)
  if (step.kind === 'replay') {
    return { status: step.status, headers: Object.fromEntries(step.headers), body: step.body }
  }
  const key = request.header('idempotency-key') ?? ''
  const delayMs = Math.min(5_000, Number((body as { delayMs?: unknown } | undefined)?.delayMs) || 0)
  try {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
    if (env.HARDENING_EXEC_LOG) appendFileSync(env.HARDENING_EXEC_LOG, `${key}\n`)
    const response = json(201, { executed: key, pid: process.pid })
    if (step.kind === 'proceed') await step.finish(response)
    return response
  } catch (thrown) {
    if (step.kind === 'proceed') await step.fail().catch(() => undefined)
    throw thrown
  }
}

/** Errors as real handlers meet them; each message carries something the client must never see. */
export async function failure500(kind: string): Promise<never> {
  const marker = env.HARDENING_CAUSE_MARKER ?? 'cause-marker'
  switch (kind) {
    case 'boom':
      throw new Error(`handler exploded: ${marker}`)
    case 'env':
      throw new Error(`bad config value ${env.HARDENING_SECRET_ENV}`)
    case 'sqlite': {
      const db = new Database(':memory:')
      try {
        db.prepare(`SELECT * FROM table_${marker.replace(/\W/g, '_')}`).all()
      } finally {
        db.close()
      }
      throw new Error('unreachable: the query above fails')
    }
    case 'refused':
      // A real ECONNREFUSED from a closed loopback port (port 9 on 127.0.0.1 refuses here).
      throw await new Promise<Error>((resolve) => {
        const socket = connect(9, '127.0.0.1')
        socket.once('error', resolve)
        socket.once('connect', () => {
          socket.destroy()
          resolve(new Error(`connected unexpectedly ${marker}`))
        })
      })
    case 'redis': {
      const client = new Redis(9, '127.0.0.1', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        lazyConnect: true,
      })
      client.on('error', () => undefined)
      try {
        await client.get(`key-${marker}`)
      } finally {
        client.disconnect()
      }
      throw new Error('unreachable: the command above fails')
    }
    default:
      throw Object.assign(new Error(`thrown non-error ${marker}`), { name: 'WeirdError', secret: marker })
  }
}

/** The failure kinds the servers expose under `GET /fail/:kind`. */
export const FAILURE_KINDS = ['boom', 'env', 'sqlite', 'refused', 'redis', 'weird'] as const

export async function closeCore(): Promise<void> {
  redis?.disconnect()
  sqlite?.close()
}
