/**
 * Response header values from the IETF draft "RateLimit header fields for HTTP", serialized as
 * Structured Field lists (RFC 9651): each policy is an sf-string item named after the policy with
 * integer parameters.
 *
 *   RateLimit-Policy: "minute";q=100;w=60, "day";q=1000;w=86400     (quota, window seconds)
 *   RateLimit: "minute";r=0;t=37                                    (remaining, seconds to reset)
 *
 * `RateLimit` reports the most restrictive policy by default (fewest remaining units; on a tie the
 * later reset), which is the one a client must pace itself by; pass `{ all: true }` for every policy.
 */
import type { RateLimitDecision, RateLimitPolicyState } from './decision.js'

/** An sf-string: printable ASCII in double quotes, with `"` and `\` escaped; anything else is dropped. */
function sfString(value: string): string {
  let out = '"'
  for (const char of value) {
    const code = char.charCodeAt(0)
    if (char.length !== 1 || code < 0x20 || code > 0x7e) continue
    out += char === '"' || char === '\\' ? `\\${char}` : char
  }
  return `${out}"`
}

/** An sf-integer: at most 15 digits, so the value is clamped to that range and truncated. */
function sfInteger(value: number): string {
  const max = 999_999_999_999_999
  const whole = Math.trunc(Number.isFinite(value) ? value : max)
  return String(Math.max(-max, Math.min(max, whole)))
}

export function formatRateLimitPolicy(decision: RateLimitDecision): string {
  return decision.policies
    .map((p) => `${sfString(p.name)};q=${sfInteger(p.limit)};w=${sfInteger(p.windowSeconds)}`)
    .join(', ')
}

/** The policy a client must pace itself by: fewest remaining units, and on a tie the later reset. */
export function mostRestrictivePolicy(decision: RateLimitDecision): RateLimitPolicyState | undefined {
  let chosen: RateLimitPolicyState | undefined
  for (const p of decision.policies) {
    if (
      chosen === undefined ||
      p.remaining < chosen.remaining ||
      (p.remaining === chosen.remaining && p.resetSeconds > chosen.resetSeconds)
    ) {
      chosen = p
    }
  }
  return chosen
}

export interface FormatRateLimitOptions {
  /** List every policy instead of only the most restrictive one. */
  readonly all?: boolean
}

export function formatRateLimit(decision: RateLimitDecision, options: FormatRateLimitOptions = {}): string {
  const item = (p: RateLimitPolicyState) =>
    `${sfString(p.name)};r=${sfInteger(p.remaining)};t=${sfInteger(p.resetSeconds)}`
  if (options.all) return decision.policies.map(item).join(', ')
  const chosen = mostRestrictivePolicy(decision)
  return chosen === undefined ? '' : item(chosen)
}

/** The Retry-After value (delay-seconds) for a rejected decision; undefined when there is none to give. */
export function retryAfterHeader(decision: RateLimitDecision): string | undefined {
  if (decision.allowed || decision.retryAfterSeconds === undefined) return undefined
  return String(Math.max(1, Math.ceil(decision.retryAfterSeconds)))
}
