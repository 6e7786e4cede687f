import { periodBucket } from '../period.js'
import type { QuotaCounter, QuotaStore } from '../store.js'

/**
 * Quota counters in this process's memory. One entry per (tenant, resource) holding only the current
 * bucket: a new period replaces the old count, so the map grows with tenants × resources, never with time.
 * Nothing is evicted: forgetting a live count would let a tenant past its limit.
 */

export interface MemoryQuotaStoreOptions {
  /** The clock, in ms since the epoch; injectable for tests. */
  readonly now?: (() => number) | undefined
}

export function createMemoryQuotaStore(options: MemoryQuotaStoreOptions = {}): QuotaStore {
  const counters = new Map<string, { bucket: string; used: number }>()
  const now = options.now ?? Date.now
  const idOf = (counter: QuotaCounter) => `${counter.tenant}\u0000${counter.resource}`
  const read = (counter: QuotaCounter, bucket: string) => {
    const entry = counters.get(idOf(counter))
    return entry !== undefined && entry.bucket === bucket ? entry.used : 0
  }

  return {
    async reserve(input) {
      const bucket = periodBucket(input.period, now())
      const current = read(input, bucket)
      if (current + input.amount > input.limit) return { ok: false, current, bucket }
      counters.set(idOf(input), { bucket, used: current + input.amount })
      return { ok: true, current: current + input.amount, bucket }
    },
    async release(input) {
      const bucket = input.bucket ?? periodBucket(input.period, now())
      const entry = counters.get(idOf(input))
      // A refund for a period that has already rolled over has nothing left to give back.
      if (entry === undefined || entry.bucket !== bucket) return { current: 0, bucket }
      entry.used = Math.max(0, entry.used - input.amount)
      return { current: entry.used, bucket }
    },
    async usage(input) {
      const bucket = periodBucket(input.period, now())
      return { current: read(input, bucket), bucket }
    },
  }
}
