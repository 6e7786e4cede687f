import { describe, expect, it } from 'vitest'
import { createQuota } from './engine.js'
import { bucketResetsAt, periodBucket } from './period.js'
import { createMemoryQuotaStore } from './stores/memory.js'

describe('quota periods', () => {
  it('names buckets after the UTC calendar month or day', () => {
    const lateEvening = Date.UTC(2026, 11, 31, 23, 30)
    expect(periodBucket('month', lateEvening)).toBe('2026-12')
    expect(periodBucket('day', lateEvening)).toBe('2026-12-31')
    expect(periodBucket(null, lateEvening)).toBe('live')
  })

  it('resets at the first UTC instant of the next month or day', () => {
    expect(bucketResetsAt('2026-12')).toBe(Date.UTC(2027, 0, 1))
    expect(bucketResetsAt('2028-02-28')).toBe(Date.UTC(2028, 1, 29))
    expect(bucketResetsAt('2026-02-28')).toBe(Date.UTC(2026, 2, 1))
    expect(bucketResetsAt('live')).toBeNull()
  })
})

describe('createQuota', () => {
  const quota = createQuota({
    store: createMemoryQuotaStore(),
    resources: { agents: { limit: 2 }, unlimited: { limit: Number.POSITIVE_INFINITY } },
  })

  it('refuses unknown resources and amounts that are not positive integers', async () => {
    await expect(quota.reserve('t', 'bots' as 'agents')).rejects.toThrow(TypeError)
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      await expect(quota.reserve('t', 'agents', amount)).rejects.toThrow(RangeError)
    }
  })

  it('still counts under an unlimited plan', async () => {
    expect(await quota.reserve('t', 'unlimited', 1_000_000)).toMatchObject({ ok: true, current: 1_000_000 })
    expect((await quota.usage('t', 'unlimited')).current).toBe(1_000_000)
  })
})
