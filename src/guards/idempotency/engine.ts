import { randomUUID } from 'node:crypto'
import {
  callStore,
  DEFAULT_STORE_TIMEOUT_MS,
  type FailurePolicy,
  isStoreUnavailable,
} from '../store-failure.js'
import { InvalidIdempotencyKeyError, validateIdempotencyKey } from './key.js'
import { createLease, createUnprotectedLease, type IdempotencyLease } from './lease.js'
import { DEFAULT_REPLAYED_HEADERS, storesResponseByDefault } from './response-policy.js'
import type { IdempotencyStore, StoredResponse } from './store.js'

/**
 * The idempotency guard: turns one `begin()` into a decision. It speaks plain data; the HTTP layer
 * maps `conflict` to 409 IDEMPOTENCY_CONFLICT (with Retry-After) and `mismatch` to 422
 * IDEMPOTENCY_MISMATCH, and replays `replay` byte for byte with `Idempotent-Replayed: true`.
 */

export interface IdempotencyRequest {
  /** The validated Idempotency-Key header value. */
  readonly key: string
  /** Whose key this is (account, API key); keys of different tenants never meet. */
  readonly tenant?: string | undefined
  readonly method: string
  readonly path: string
  /** From `fingerprintRequest()`. */
  readonly fingerprint: string
}

export type IdempotencyDecision =
  | { readonly kind: 'proceed'; readonly lease: IdempotencyLease; readonly unprotected: boolean }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | {
      readonly kind: 'conflict'
      readonly code: 'IDEMPOTENCY_CONFLICT'
      readonly status: 409
      /** The lease's remaining time, rounded up to whole seconds (at least 1). */
      readonly retryAfterSeconds: number
    }
  | { readonly kind: 'mismatch'; readonly code: 'IDEMPOTENCY_MISMATCH'; readonly status: 422 }

export interface IdempotencyGuardOptions {
  readonly store: IdempotencyStore
  /** How long a claim blocks the key without a heartbeat. Default 10 s. */
  readonly lockTtlMs?: number | undefined
  /** How long a completed response is replayed. Default 24 h. */
  readonly retentionMs?: number | undefined
  /**
   * When the store is down: `closed` (default) rejects begin() with StoreUnavailableError, because
   * running a payment twice is worse than a 503; `open` proceeds with an unprotected lease.
   */
  readonly failure?: FailurePolicy | undefined
  readonly storeTimeoutMs?: number | undefined
  /** Derives the tenant when the request does not carry one. */
  readonly scope?: ((request: IdempotencyRequest) => string) | undefined
  /** Which statuses are stored; default `storesResponseByDefault` (see response-policy.ts). */
  readonly shouldStore?: ((status: number) => boolean) | undefined
  /** Which response headers are stored and replayed; default DEFAULT_REPLAYED_HEADERS. */
  readonly replayedHeaders?: readonly string[] | undefined
}

export interface IdempotencyGuard {
  begin(request: IdempotencyRequest): Promise<IdempotencyDecision>
}

export const DEFAULT_LOCK_TTL_MS = 10_000
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000

/** One store key per (tenant, method, path, key); each part is escaped so no two tuples collide. */
export function scopedIdempotencyKey(tenant: string, method: string, path: string, key: string): string {
  return `${encoded(tenant)}:${encoded(method.toUpperCase())}:${encoded(path)}:${encoded(key)}`
}

/** Characters `encodeURIComponent` leaves as they are: most tenants, methods and keys are made of them. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/

function encoded(part: string): string {
  return UNRESERVED.test(part) ? part : encodeURIComponent(part)
}

export function createIdempotencyGuard(options: IdempotencyGuardOptions): IdempotencyGuard {
  const lockTtlMs = positive(options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS, 'lockTtlMs')
  const retentionMs = positive(options.retentionMs ?? DEFAULT_RETENTION_MS, 'retentionMs')
  const storeTimeoutMs = positive(options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS, 'storeTimeoutMs')
  const failure = options.failure ?? 'closed'
  const shouldStore = options.shouldStore ?? storesResponseByDefault
  const replayedHeaders = Object.freeze([...(options.replayedHeaders ?? DEFAULT_REPLAYED_HEADERS)])
  const { store } = options

  return {
    async begin(request) {
      const validation = validateIdempotencyKey(request.key)
      if (!validation.ok) throw new InvalidIdempotencyKeyError(validation.reason)
      const tenant = request.tenant ?? options.scope?.(request) ?? ''
      const key = scopedIdempotencyKey(tenant, request.method, request.path, validation.key)
      // randomUUID draws from a cached entropy pool: far cheaper per request than randomBytes.
      const token = randomUUID()
      let outcome: Awaited<ReturnType<IdempotencyStore['claim']>>
      try {
        outcome = await callStore('idempotency.claim', storeTimeoutMs, () =>
          store.claim({ key, fingerprint: request.fingerprint, token, leaseMs: lockTtlMs }),
        )
      } catch (error) {
        if (failure === 'open' && isStoreUnavailable(error)) {
          return { kind: 'proceed', lease: createUnprotectedLease(key), unprotected: true }
        }
        throw error
      }
      if (outcome.kind === 'claimed') {
        const lease = createLease({
          store,
          key,
          fingerprint: request.fingerprint,
          token,
          lockTtlMs,
          retentionMs,
          storeTimeoutMs,
          shouldStore,
          replayedHeaders,
        })
        return { kind: 'proceed', lease, unprotected: false }
      }
      // A key reused for another request is refused whether the first one is running or done.
      if (outcome.fingerprint !== request.fingerprint) {
        return { kind: 'mismatch', code: 'IDEMPOTENCY_MISMATCH', status: 422 }
      }
      if (outcome.kind === 'done') return { kind: 'replay', response: outcome.response }
      return {
        kind: 'conflict',
        code: 'IDEMPOTENCY_CONFLICT',
        status: 409,
        retryAfterSeconds: Math.max(1, Math.ceil(outcome.leaseRemainingMs / 1000)),
      }
    },
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of ms`)
  return value
}
