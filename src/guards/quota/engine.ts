import {
  callStore,
  DEFAULT_STORE_TIMEOUT_MS,
  type FailurePolicy,
  isStoreUnavailable,
} from '../store-failure.js'
import { bucketResetsAt, type QuotaPeriod } from './period.js'
import type { QuotaStore } from './store.js'

/**
 * Plan limits: "your plan allows 20 agents", "10 000 messages a month". `reserve()` checks and counts in
 * one atomic store step and answers plain data; the HTTP layer maps a refusal to 402 PLAN_LIMIT_REACHED
 * with `details: { resource, limit, current }`.
 */

export interface QuotaResource {
  /** The plan's limit, fixed or per tenant (looked up on every reservation). */
  readonly limit: number | ((tenant: string) => number | Promise<number>)
  /** `month`/`day`: resets each UTC calendar month/day; `null` (default): a count of live things. */
  readonly period?: QuotaPeriod | undefined
}

export interface QuotaOptions<R extends string> {
  readonly store: QuotaStore
  readonly resources: Readonly<Record<R, QuotaResource>>
  /**
   * When the store is down: `open` (default) lets the reservation through unprotected, since refusing
   * paying customers is worse than a brief overshoot; `closed` rejects with StoreUnavailableError.
   */
  readonly failure?: FailurePolicy | undefined
  readonly storeTimeoutMs?: number | undefined
}

export interface QuotaReservation {
  /** Keeps the units counted (the work succeeded); a later refund() does nothing. */
  commit(): void
  /** Gives the units back once (the work failed); true when they were given back by this call. */
  refund(): Promise<boolean>
}

export interface QuotaGranted<R extends string> {
  readonly ok: true
  readonly resource: R
  readonly limit: number
  /** Units counted after this reservation (0 when unprotected). */
  readonly current: number
  /** True when the store was down and the guard failed open: nothing was counted. */
  readonly unprotected: boolean
  readonly reservation: QuotaReservation
}

export interface QuotaRefused<R extends string> {
  readonly ok: false
  readonly code: 'PLAN_LIMIT_REACHED'
  readonly status: 402
  readonly resource: R
  readonly limit: number
  readonly current: number
  readonly period: QuotaPeriod
  /** When a periodic quota resets (ms since the epoch); null for live counts. */
  readonly resetsAt: number | null
  /** Names the resource and the limit, e.g. "Your plan allows 20 agents (20 in use)". */
  readonly message: string
}

export type QuotaDecision<R extends string> = QuotaGranted<R> | QuotaRefused<R>

export interface QuotaUsage<R extends string> {
  readonly resource: R
  readonly limit: number
  readonly current: number
  readonly period: QuotaPeriod
  readonly resetsAt: number | null
}

export interface Quota<R extends string> {
  reserve(tenant: string, resource: R, amount?: number): Promise<QuotaDecision<R>>
  /** Gives back units of a counted thing that was deleted (an agent removed). Returns the new count. */
  release(tenant: string, resource: R, amount?: number): Promise<{ readonly current: number }>
  usage(tenant: string, resource: R): Promise<QuotaUsage<R>>
}

export function createQuota<R extends string>(options: QuotaOptions<R>): Quota<R> {
  const { store } = options
  const failure = options.failure ?? 'open'
  const timeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS

  const resourceOf = (resource: R) => {
    const entry = (options.resources as Record<string, QuotaResource | undefined>)[resource]
    if (entry === undefined) throw new TypeError(`unknown quota resource: ${resource}`)
    return { period: entry.period ?? null, limit: entry.limit }
  }
  const limitFor = async (resource: R, tenant: string) => {
    const { limit } = resourceOf(resource)
    const value = typeof limit === 'function' ? await limit(tenant) : limit
    if (!(value >= 0)) throw new RangeError(`quota limit for ${resource} must be a number >= 0`)
    // An unlimited plan still counts, so usage stays known if the plan changes.
    return Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER)
  }

  return {
    async reserve(tenant, resource, amount = 1) {
      checkAmount(amount)
      const { period } = resourceOf(resource)
      const limit = await limitFor(resource, tenant)
      let outcome: Awaited<ReturnType<QuotaStore['reserve']>>
      try {
        outcome = await callStore('quota.reserve', timeoutMs, () =>
          store.reserve({ tenant, resource, period, amount, limit }),
        )
      } catch (error) {
        if (failure === 'open' && isStoreUnavailable(error)) {
          const reservation: QuotaReservation = { commit: () => undefined, refund: async () => false }
          return { ok: true, resource, limit, current: 0, unprotected: true, reservation }
        }
        throw error
      }
      if (!outcome.ok) {
        return {
          ok: false,
          code: 'PLAN_LIMIT_REACHED',
          status: 402,
          resource,
          limit,
          current: outcome.current,
          period,
          resetsAt: bucketResetsAt(outcome.bucket),
          message: refusalMessage(resource, limit, outcome.current, period),
        }
      }
      let settled = false
      const reservation: QuotaReservation = {
        commit() {
          settled = true
        },
        async refund() {
          if (settled) return false
          settled = true
          await callStore('quota.refund', timeoutMs, () =>
            store.release({ tenant, resource, period, amount, bucket: outcome.bucket }),
          )
          return true
        },
      }
      return { ok: true, resource, limit, current: outcome.current, unprotected: false, reservation }
    },

    async release(tenant, resource, amount = 1) {
      checkAmount(amount)
      const { period } = resourceOf(resource)
      const { current } = await callStore('quota.release', timeoutMs, () =>
        store.release({ tenant, resource, period, amount }),
      )
      return { current }
    },

    async usage(tenant, resource) {
      const { period } = resourceOf(resource)
      const limit = await limitFor(resource, tenant)
      const { current, bucket } = await callStore('quota.usage', timeoutMs, () =>
        store.usage({ tenant, resource, period }),
      )
      return { resource, limit, current, period, resetsAt: bucketResetsAt(bucket) }
    },
  }
}

function checkAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 1)
    throw new RangeError('quota amount must be a positive integer')
}

function refusalMessage(resource: string, limit: number, current: number, period: QuotaPeriod): string {
  if (period === null) return `Your plan allows ${limit} ${resource} (${current} in use)`
  const per = period === 'month' ? 'month' : 'day'
  return `Your plan allows ${limit} ${resource} per ${per} (${current} used this ${per})`
}
