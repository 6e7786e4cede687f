import type { QuotaPeriod } from './period.js'

/**
 * The one interface every quota store implements (memory, SQLite, Redis). The store, not the caller,
 * picks the period bucket from its own clock (Redis: the server's TIME), and checks and counts in one
 * atomic step, so concurrent reservations never push a counter past its limit.
 */

export interface QuotaCounter {
  readonly tenant: string
  readonly resource: string
  readonly period: QuotaPeriod
}

export interface QuotaCount {
  /** The units counted in the bucket after the operation. */
  readonly current: number
  /** The bucket that was counted: `live`, `2026-11` or `2026-11-22`. */
  readonly bucket: string
}

export interface QuotaStore {
  /** Adds `amount` when that keeps the count at or below `limit`; else leaves the count as it is. */
  reserve(
    input: QuotaCounter & { readonly amount: number; readonly limit: number },
  ): Promise<QuotaCount & { readonly ok: boolean }>
  /** Takes `amount` back (never below zero) from `bucket`, or from the current bucket when none is given. */
  release(
    input: QuotaCounter & { readonly amount: number; readonly bucket?: string | undefined },
  ): Promise<QuotaCount>
  /** The current bucket's count. */
  usage(input: QuotaCounter): Promise<QuotaCount>
}
