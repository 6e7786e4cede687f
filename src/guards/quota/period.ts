/**
 * Quota periods. A `month` or `day` quota counts into a bucket named after the current UTC calendar
 * month (`2026-11`) or day (`2026-11-22`), so it resets at UTC midnight of the 1st or of each day with
 * no job to run; `null` counts live things (agents on a plan) into the one `live` bucket.
 */

export type QuotaPeriod = 'month' | 'day' | null

export const LIVE_BUCKET = 'live'

export function periodBucket(period: QuotaPeriod, nowMs: number): string {
  if (period === null) return LIVE_BUCKET
  const iso = new Date(nowMs).toISOString()
  return period === 'month' ? iso.slice(0, 7) : iso.slice(0, 10)
}

/** When the bucket stops counting (ms since the epoch), or null for the live bucket. */
export function bucketResetsAt(bucket: string): number | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(bucket)
  if (match === null) return null
  const year = Number(match[1])
  const month = Number(match[2])
  if (match[3] === undefined) return Date.UTC(year, month, 1)
  return Date.UTC(year, month - 1, Number(match[3]) + 1)
}
