/**
 * What a rate limiter answers: plain data that a middleware turns into a 429 RATE_LIMITED with
 * Retry-After and RateLimit headers, or lets through.
 */
import type { RateLimitPlan } from './policy.js'

export interface RateLimitPolicyState {
  readonly name: string
  readonly limit: number
  /** Whole units still available under this policy (after this request, when it was admitted). */
  readonly remaining: number
  /** Whole seconds, rounded up, until this policy's quota is fully restored. */
  readonly resetSeconds: number
  readonly windowSeconds: number
}

export interface RateLimitDecision {
  readonly allowed: boolean
  readonly policies: readonly RateLimitPolicyState[]
  /**
   * Set when rejected: whole seconds, rounded up, until this request's cost fits under every policy
   * (never earlier than that moment). Absent when the cost exceeds a policy's capacity and never fits.
   */
  readonly retryAfterSeconds?: number
  /** The store could not be reached and the limiter failed open: nothing was counted. */
  readonly storeFailed?: boolean
}

/** Milliseconds to whole seconds, rounded up, so a client told to wait never comes back too early. */
export function secondsCeil(ms: number): number {
  return ms <= 0 ? 0 : Math.ceil(ms / 1000)
}

/** Admits when the store is down and the policy is `open`: the state is unknown, so the full quota is shown. */
export function failedOpenDecision(plan: RateLimitPlan): RateLimitDecision {
  return {
    allowed: true,
    storeFailed: true,
    policies: plan.policies.map((p) => ({
      name: p.name,
      limit: p.limit,
      remaining: Math.floor(p.limit),
      resetSeconds: 0,
      windowSeconds: p.windowSeconds,
    })),
  }
}
