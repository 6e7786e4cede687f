import { callStore } from '../store-failure.js'
import { captureResponse, type ResponseToStore } from './response-policy.js'
import type { IdempotencyStore } from './store.js'

/**
 * The right to run the handler for one key. The lease is short (lockTtlMs) and kept alive by a
 * heartbeat while the work runs, apart from result retention: a crashed process stops beating, so
 * its key is blocked only until the lease runs out, never for the whole retention period.
 */

export type CompletionOutcome =
  | { readonly stored: true }
  | {
      readonly stored: false
      /**
       * `policy`: the status is not stored (the key was released); `lease-lost`: another request owns
       * the key now; `store-unavailable`: the store failed (the lease runs out by itself);
       * `unprotected`: the guard was failing open; `settled`: complete/abandon was already called.
       */
      readonly reason: 'policy' | 'lease-lost' | 'store-unavailable' | 'unprotected' | 'settled'
    }

export interface HeartbeatOptions {
  /** Default: a third of the lease, so two beats can fail before the lease lapses. */
  readonly intervalMs?: number | undefined
  /** Called once when a beat finds the lease taken by someone else; the heartbeat then stops. */
  readonly onLost?: (() => void) | undefined
}

export interface IdempotencyLease {
  /** The scoped store key this lease holds. */
  readonly key: string
  /** True when the store was down and the guard failed open: nothing protects this execution. */
  readonly unprotected: boolean
  /** Extends the lease by lockTtlMs; false when the lease was lost. Rejects with StoreUnavailableError. */
  heartbeat(): Promise<boolean>
  /** Beats every `intervalMs` until complete/abandon or the returned stop function is called. */
  startHeartbeat(options?: HeartbeatOptions): () => void
  /**
   * Stores the response BEFORE it is sent (per the storage policy), then ends the lease. The body must be
   * complete: a streamed body throws StreamingResponseNotStorableError (nothing is stored, the lease stays).
   */
  complete(response: ResponseToStore): Promise<CompletionOutcome>
  /** Releases the key without storing anything, so the same key can run again (validation failure, crash). */
  abandon(): Promise<boolean>
}

export interface LeaseSettings {
  readonly store: IdempotencyStore
  readonly key: string
  readonly fingerprint: string
  readonly token: string
  readonly lockTtlMs: number
  readonly retentionMs: number
  readonly storeTimeoutMs: number
  readonly shouldStore: (status: number) => boolean
  readonly replayedHeaders: readonly string[]
}

export function createLease(settings: LeaseSettings): IdempotencyLease {
  const { store, key, token, lockTtlMs, storeTimeoutMs } = settings
  let settled = false
  let stopBeating: (() => void) | undefined

  const settle = () => {
    settled = true
    stopBeating?.()
  }

  const heartbeat = () =>
    callStore('idempotency.extend', storeTimeoutMs, () => store.extend(key, token, lockTtlMs))

  const release = async (): Promise<boolean> => {
    try {
      return await callStore('idempotency.release', storeTimeoutMs, () => store.release(key, token))
    } catch {
      // The lease runs out by itself; a failed release only delays the next attempt until then.
      return false
    }
  }

  return {
    key,
    unprotected: false,
    heartbeat,
    startHeartbeat(options = {}) {
      stopBeating?.()
      const intervalMs = Math.max(1, options.intervalMs ?? Math.floor(lockTtlMs / 3))
      let inFlight = false
      const timer = setInterval(() => {
        if (inFlight || settled) return
        inFlight = true
        heartbeat()
          .then((held) => {
            if (!held && !settled) {
              stop()
              options.onLost?.()
            }
          })
          // A failed beat is retried on the next tick; the lease covers about two missed beats.
          .catch(() => undefined)
          .finally(() => {
            inFlight = false
          })
      }, intervalMs)
      timer.unref()
      const stop = () => {
        clearInterval(timer)
        if (stopBeating === stop) stopBeating = undefined
      }
      stopBeating = stop
      return stop
    },
    async complete(response) {
      if (settled) return { stored: false, reason: 'settled' }
      const captured = captureResponse(response, settings.replayedHeaders)
      settle()
      if (!settings.shouldStore(captured.status)) {
        await release()
        return { stored: false, reason: 'policy' }
      }
      try {
        const stored = await callStore('idempotency.complete', storeTimeoutMs, () =>
          store.complete({
            key,
            fingerprint: settings.fingerprint,
            token,
            response: captured,
            retentionMs: settings.retentionMs,
          }),
        )
        return stored ? { stored: true } : { stored: false, reason: 'lease-lost' }
      } catch {
        return { stored: false, reason: 'store-unavailable' }
      }
    },
    async abandon() {
      if (settled) return false
      settle()
      return await release()
    },
  }
}

/** The lease handed out when the store is down and the guard fails open: it holds nothing. */
export function createUnprotectedLease(key: string): IdempotencyLease {
  return {
    key,
    unprotected: true,
    heartbeat: async () => false,
    startHeartbeat: () => () => undefined,
    complete: async () => ({ stored: false, reason: 'unprotected' }),
    abandon: async () => false,
  }
}
