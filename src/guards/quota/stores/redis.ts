import type { Redis } from 'ioredis'
import type { QuotaPeriod } from '../period.js'
import type { QuotaCounter, QuotaStore } from '../store.js'
import { RELEASE_SCRIPT, RESERVE_SCRIPT, USAGE_SCRIPT } from './redis-scripts.js'

/**
 * Quota counters in Redis, shared by every instance. Check-and-count is one Lua script (registered
 * with `defineCommand`: EVALSHA with EVAL fallback), so no interleaving can pass the limit.
 * Create the client with `enableOfflineQueue: false` so a down Redis fails at once.
 */

export interface RedisQuotaStoreOptions {
  readonly client: Redis
  /** Default `faultline:quota:`. */
  readonly prefix?: string | undefined
}

interface QuotaCommands {
  faultlineQuotaReserve(
    base: string,
    period: string,
    amount: number,
    limit: number,
  ): Promise<[number, number, string]>
  faultlineQuotaRelease(
    base: string,
    period: string,
    amount: number,
    bucket: string,
  ): Promise<[number, string]>
  faultlineQuotaUsage(base: string, period: string): Promise<[number, string]>
}

/** The counter's base key; the hash tag keeps every period of one counter in one cluster slot. */
export function quotaBaseKey(prefix: string, tenant: string, resource: string): string {
  return `${prefix}{${encodeURIComponent(tenant)}:${encodeURIComponent(resource)}}`
}

export function createRedisQuotaStore(options: RedisQuotaStoreOptions): QuotaStore {
  const prefix = options.prefix ?? 'faultline:quota:'
  const client = defineQuotaCommands(options.client)
  const base = (counter: QuotaCounter) => quotaBaseKey(prefix, counter.tenant, counter.resource)
  const periodArg = (period: QuotaPeriod) => period ?? 'live'

  return {
    async reserve(input) {
      const [ok, current, bucket] = await client.faultlineQuotaReserve(
        base(input),
        periodArg(input.period),
        input.amount,
        input.limit,
      )
      return { ok: ok === 1, current: Number(current), bucket }
    },
    async release(input) {
      const [current, bucket] = await client.faultlineQuotaRelease(
        base(input),
        periodArg(input.period),
        input.amount,
        input.bucket ?? '',
      )
      return { current: Number(current), bucket }
    },
    async usage(input) {
      const [current, bucket] = await client.faultlineQuotaUsage(base(input), periodArg(input.period))
      return { current: Number(current), bucket }
    },
  }
}

function defineQuotaCommands(client: Redis): Redis & QuotaCommands {
  const commands = client as Redis & Partial<QuotaCommands>
  if (typeof commands.faultlineQuotaReserve !== 'function') {
    client.defineCommand('faultlineQuotaReserve', { numberOfKeys: 1, lua: RESERVE_SCRIPT })
    client.defineCommand('faultlineQuotaRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT })
    client.defineCommand('faultlineQuotaUsage', { numberOfKeys: 1, lua: USAGE_SCRIPT })
  }
  return client as Redis & QuotaCommands
}
