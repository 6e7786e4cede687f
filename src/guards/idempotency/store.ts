/**
 * The one interface every idempotency store implements (memory, SQLite, Redis). Keys arrive already
 * scoped by tenant, method and path. A record is either `running` (a lease held by one request, with
 * a token only its holder knows) or `done` (the stored response, kept for the retention period).
 * Every operation is atomic in the store itself, so two processes sharing a store never both win.
 */

/** A completed response as it is stored and replayed: status, the allow-listed headers, the exact body bytes. */
export interface StoredResponse {
  readonly status: number
  /** Lower-case header names with their values, in the order they were sent; repeated names stay repeated. */
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: Uint8Array
}

export type ClaimOutcome =
  /** No live record: the caller now holds the lease. */
  | { readonly kind: 'claimed' }
  /** Another request holds the lease for this key. */
  | { readonly kind: 'running'; readonly fingerprint: string; readonly leaseRemainingMs: number }
  /** A response was stored for this key. */
  | { readonly kind: 'done'; readonly fingerprint: string; readonly response: StoredResponse }

export interface ClaimInput {
  readonly key: string
  readonly fingerprint: string
  /** A random token that proves lease ownership to extend, complete and release. */
  readonly token: string
  readonly leaseMs: number
}

export interface CompleteInput {
  readonly key: string
  readonly fingerprint: string
  readonly token: string
  readonly response: StoredResponse
  readonly retentionMs: number
}

export interface IdempotencyStore {
  /** Atomically: claim the key when it has no live record, else report the record. */
  claim(input: ClaimInput): Promise<ClaimOutcome>
  /** Pushes the lease end to now + leaseMs; false when the token no longer holds the lease. */
  extend(key: string, token: string, leaseMs: number): Promise<boolean>
  /**
   * Stores the response and ends the lease. True when stored: the token still held the lease, or the
   * lease had lapsed and nobody else claimed the key meanwhile. False when another request owns the key.
   */
  complete(input: CompleteInput): Promise<boolean>
  /** Deletes the record when the token still holds its lease, so the key can be used again at once. */
  release(key: string, token: string): Promise<boolean>
}
