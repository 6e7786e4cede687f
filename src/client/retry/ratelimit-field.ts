import type { WorkMeter } from './field-scanner.js'
import { parseStructuredList } from './structured-field-list.js'

/**
 * The IETF `RateLimit` field (draft-ietf-httpapi-ratelimit-headers): a Structured Field List of quota
 * policies, each with `r` (remaining quota units) and `t` (seconds until the quota resets), e.g.
 * `"default";r=0;t=37`.
 */
export interface RateLimitPolicy {
  readonly name: string
  readonly remaining: number | undefined
  readonly resetSeconds: number | undefined
}

export function parseRateLimitField(value: string, meter?: WorkMeter): RateLimitPolicy[] | undefined {
  const members = parseStructuredList(value, meter)
  if (members === undefined) return undefined
  const policies: RateLimitPolicy[] = []
  for (const member of members) {
    if (!('item' in member) || (member.item.type !== 'string' && member.item.type !== 'token')) continue
    policies.push({
      name: member.item.value,
      remaining: nonNegativeInteger(member.params.get('r')),
      resetSeconds: nonNegativeInteger(member.params.get('t')),
    })
  }
  return policies
}

/**
 * The wait the field asks for, in seconds: the latest reset among exhausted policies (r=0), since every
 * one of them must reset before a request can pass; when none says r=0, the latest reset of any policy.
 */
export function rateLimitWaitSeconds(value: string, meter?: WorkMeter): number | undefined {
  const policies = parseRateLimitField(value, meter)
  if (policies === undefined) return undefined
  let exhausted: number | undefined
  let any: number | undefined
  for (const policy of policies) {
    const reset = policy.resetSeconds
    if (reset === undefined) continue
    any = any === undefined ? reset : Math.max(any, reset)
    if (policy.remaining === 0) exhausted = exhausted === undefined ? reset : Math.max(exhausted, reset)
  }
  return exhausted ?? any
}

function nonNegativeInteger(item: { type: string; value: unknown } | undefined): number | undefined {
  if (item === undefined || item.type !== 'integer' || typeof item.value !== 'number') return undefined
  return item.value >= 0 ? item.value : undefined
}
