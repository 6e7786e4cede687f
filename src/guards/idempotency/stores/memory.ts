import type { ClaimInput, ClaimOutcome, CompleteInput, IdempotencyStore, StoredResponse } from '../store.js'
import { ExpiringMap } from './expiring-map.js'

/**
 * Idempotency records in this process's memory: for one instance, tests and development. Bounded:
 * past `maxEntries` the oldest record is evicted (a running lease first of all if it is oldest).
 */

export interface MemoryIdempotencyStoreOptions {
  /** Default 10 000 records. */
  readonly maxEntries?: number | undefined
  /** The clock, in ms since the epoch; injectable for tests. */
  readonly now?: (() => number) | undefined
}

type MemoryRecord =
  | { readonly state: 'running'; readonly fingerprint: string; readonly token: string }
  | { readonly state: 'done'; readonly fingerprint: string; readonly response: StoredResponse }

export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const records = new ExpiringMap<MemoryRecord>(options.maxEntries ?? 10_000)
  const now = options.now ?? Date.now

  return {
    async claim(input: ClaimInput): Promise<ClaimOutcome> {
      const at = now()
      const entry = records.get(input.key, at)
      if (entry === undefined) {
        records.set(
          input.key,
          { state: 'running', fingerprint: input.fingerprint, token: input.token },
          at + input.leaseMs,
        )
        return { kind: 'claimed' }
      }
      const record = entry.value
      if (record.state === 'running') {
        return { kind: 'running', fingerprint: record.fingerprint, leaseRemainingMs: entry.expiresAt - at }
      }
      return { kind: 'done', fingerprint: record.fingerprint, response: copyResponse(record.response) }
    },

    async extend(key, token, leaseMs) {
      const at = now()
      const entry = records.get(key, at)
      if (entry === undefined || entry.value.state !== 'running' || entry.value.token !== token) return false
      records.set(key, entry.value, at + leaseMs)
      return true
    },

    async complete(input: CompleteInput) {
      const at = now()
      const entry = records.get(input.key, at)
      if (entry !== undefined && (entry.value.state !== 'running' || entry.value.token !== input.token))
        return false
      records.set(
        input.key,
        { state: 'done', fingerprint: input.fingerprint, response: copyResponse(input.response) },
        at + input.retentionMs,
      )
      return true
    },

    async release(key, token) {
      const entry = records.get(key, now())
      if (entry === undefined || entry.value.state !== 'running' || entry.value.token !== token) return false
      return records.delete(key)
    },
  }
}

// Copies keep a caller that mutates a replayed body from corrupting the stored one.
function copyResponse(response: StoredResponse): StoredResponse {
  return {
    status: response.status,
    headers: response.headers.map(([name, value]) => [name, value] as const),
    body: new Uint8Array(response.body),
  }
}
