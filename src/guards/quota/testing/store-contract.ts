import { expect, it } from 'vitest'
import { createQuota, type QuotaDecision } from '../engine.js'
import type { QuotaStore } from '../store.js'

/**
 * The behaviour every quota store must show, run against each store by its own test file. Stores
 * with an injectable clock also prove the calendar resets; Redis proves them by key naming instead.
 */
export interface QuotaHarness {
  readonly store: QuotaStore
  /** Sets the store's clock (ms since the epoch); absent for stores that read the server's time. */
  readonly setNow?: ((ms: number) => void) | undefined
}

let tenantSequence = 0
const freshTenant = () => `tenant-${process.pid}-${Date.now()}-${++tenantSequence}`

const plans: Record<string, number> = { free: 3, pro: 10 }

function quotaFor(store: QuotaStore) {
  return createQuota({
    store,
    storeTimeoutMs: 5000,
    resources: {
      agents: { limit: 20 },
      seats: { limit: (tenant: string) => plans[tenant.startsWith('pro') ? 'pro' : 'free'] ?? 0 },
      messages: { limit: 5, period: 'month' },
      exports: { limit: 2, period: 'day' },
    },
  })
}

function expectRefused<R extends string>(decision: QuotaDecision<R>) {
  expect(decision.ok).toBe(false)
  return decision as Extract<QuotaDecision<R>, { ok: false }>
}

export function quotaStoreContract(setup: () => Promise<QuotaHarness>, clock: { movable: boolean }): void {
  it('grants up to the limit, then refuses with resource, limit and current', async () => {
    const { store } = await setup()
    const quota = quotaFor(store)
    const tenant = freshTenant()
    for (let i = 1; i <= 20; i++) {
      const granted = await quota.reserve(tenant, 'agents')
      expect(granted).toMatchObject({ ok: true, current: i, limit: 20, unprotected: false })
    }
    const refused = expectRefused(await quota.reserve(tenant, 'agents'))
    expect(refused).toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      status: 402,
      resource: 'agents',
      limit: 20,
      current: 20,
      period: null,
      resetsAt: null,
    })
    expect(refused.message).toBe('Your plan allows 20 agents (20 in use)')
  })

  it('never overshoots with 200 concurrent reservations against a limit of 20', async () => {
    const { store } = await setup()
    const quota = quotaFor(store)
    const tenant = freshTenant()
    const decisions = await Promise.all(Array.from({ length: 200 }, () => quota.reserve(tenant, 'agents')))
    expect(decisions.filter((d) => d.ok)).toHaveLength(20)
    expect(decisions.filter((d) => !d.ok)).toHaveLength(180)
    expect((await quota.usage(tenant, 'agents')).current).toBe(20)
  })

  it('refuses an amount that would pass the limit even when some units are left', async () => {
    const { store } = await setup()
    const quota = quotaFor(store)
    const tenant = freshTenant()
    expect((await quota.reserve(tenant, 'agents', 15)).ok).toBe(true)
    expect(expectRefused(await quota.reserve(tenant, 'agents', 6)).current).toBe(15)
    expect((await quota.reserve(tenant, 'agents', 5)).ok).toBe(true)
  })

  it('refund gives the units back exactly once; commit keeps them', async () => {
    const { store } = await setup()
    const quota = quotaFor(store)
    const tenant = freshTenant()
    const failed = await quota.reserve(tenant, 'agents', 4)
    const kept = await quota.reserve(tenant, 'agents', 2)
    if (!failed.ok || !kept.ok) throw new Error('expected both reservations to be granted')
    expect(await failed.reservation.refund()).toBe(true)
    expect(await failed.reservation.refund()).toBe(false)
    kept.reservation.commit()
    expect(await kept.reservation.refund()).toBe(false)
    expect((await quota.usage(tenant, 'agents')).current).toBe(2)
  })

  it('release takes back deleted things and never goes below zero', async () => {
    const { store } = await setup()
    const quota = quotaFor(store)
    const tenant = freshTenant()
    await quota.reserve(tenant, 'agents', 20)
    expect((await quota.reserve(tenant, 'agents')).ok).toBe(false)
    expect(await quota.release(tenant, 'agents')).toEqual({ current: 19 })
    expect((await quota.reserve(tenant, 'agents')).ok).toBe(true)
    expect(await quota.release(tenant, 'agents', 50)).toEqual({ current: 0 })
    expect(await quota.release(tenant, 'agents')).toEqual({ current: 0 })
  })

  it('reads a per-tenant limit from the plan and keeps tenants apart', async () => {
    const { store } = await setup()
    const quota = quotaFor(store)
    const free = `free-${freshTenant()}`
    const pro = `pro-${freshTenant()}`
    expect((await quota.reserve(free, 'seats', 3)).ok).toBe(true)
    expect(expectRefused(await quota.reserve(free, 'seats')).limit).toBe(3)
    expect((await quota.reserve(pro, 'seats', 10)).ok).toBe(true)
    expect(expectRefused(await quota.reserve(pro, 'seats')).limit).toBe(10)
  })

  it('names the period in a periodic refusal and says when it resets', async () => {
    const harness = await setup()
    const quota = quotaFor(harness.store)
    const tenant = freshTenant()
    harness.setNow?.(Date.UTC(2026, 10, 22, 12))
    await quota.reserve(tenant, 'messages', 5)
    const refused = expectRefused(await quota.reserve(tenant, 'messages'))
    expect(refused.message).toBe('Your plan allows 5 messages per month (5 used this month)')
    const startOfNextMonth = new Date(refused.resetsAt ?? 0)
    expect(startOfNextMonth.getUTCDate()).toBe(1)
    expect(startOfNextMonth.getUTCHours()).toBe(0)
    expect(startOfNextMonth.getTime()).toBeGreaterThan(Date.now() - 40 * 86_400_000)
  })

  if (!clock.movable) return
  it('resets a monthly quota at the UTC month boundary and a daily one at UTC midnight', async () => {
    const harness = await setup()
    if (harness.setNow === undefined) throw new Error('this harness must provide setNow()')
    const quota = quotaFor(harness.store)
    const tenant = freshTenant()
    harness.setNow(Date.UTC(2026, 0, 31, 23, 59, 59))
    expect((await quota.reserve(tenant, 'messages', 5)).ok).toBe(true)
    expect((await quota.reserve(tenant, 'exports', 2)).ok).toBe(true)
    const refused = expectRefused(await quota.reserve(tenant, 'messages'))
    expect(refused.resetsAt).toBe(Date.UTC(2026, 1, 1))
    expect(expectRefused(await quota.reserve(tenant, 'exports')).resetsAt).toBe(Date.UTC(2026, 1, 1))
    harness.setNow(Date.UTC(2026, 1, 1, 0, 0, 0))
    expect(await quota.reserve(tenant, 'messages')).toMatchObject({ ok: true, current: 1 })
    expect(await quota.reserve(tenant, 'exports')).toMatchObject({ ok: true, current: 1 })
    harness.setNow(Date.UTC(2026, 1, 1, 23, 0, 0))
    expect((await quota.reserve(tenant, 'exports')).ok).toBe(true)
    expect((await quota.reserve(tenant, 'exports')).ok).toBe(false)
    harness.setNow(Date.UTC(2026, 1, 2, 0, 0, 0))
    expect((await quota.reserve(tenant, 'exports')).ok).toBe(true)
    expect((await quota.usage(tenant, 'messages')).current).toBe(1)
  })

  it('refunds a reservation into its own period, not the one after the rollover', async () => {
    const harness = await setup()
    if (harness.setNow === undefined) throw new Error('this harness must provide setNow()')
    const quota = quotaFor(harness.store)
    const tenant = freshTenant()
    harness.setNow(Date.UTC(2026, 2, 31, 23, 59, 59))
    const march = await quota.reserve(tenant, 'messages', 2)
    harness.setNow(Date.UTC(2026, 3, 1, 0, 0, 1))
    await quota.reserve(tenant, 'messages', 3)
    if (!march.ok) throw new Error('expected the first reservation to be granted')
    await march.reservation.refund()
    expect((await quota.usage(tenant, 'messages')).current).toBe(3)
  })
}
