/**
 * Rate-limit policies as users write them, and the compiled plan every store evaluates.
 * A plan is computed once per limiter so the per-request path does no validation or division.
 */

export type RateLimitAlgorithm = 'gcra' | 'sliding-window'

export interface RateLimitPolicy {
  /** Shown in the RateLimit headers and used in store keys: letters, digits, `_`, `.`, `-` (max 64). */
  readonly name: string
  /** Units allowed per window. */
  readonly limit: number
  readonly windowSeconds: number
  /** Default `gcra`. */
  readonly algorithm?: RateLimitAlgorithm
  /**
   * GCRA only: how many units may be spent at once after a quiet period (bucket capacity).
   * Default `limit`. The sustained rate stays `limit / windowSeconds`.
   */
  readonly burst?: number
}

/** Numeric algorithm tags shared with the Redis script. */
export const ALGORITHM_GCRA = 1
export const ALGORITHM_SLIDING_WINDOW = 2

export interface CompiledPolicy {
  readonly name: string
  readonly limit: number
  readonly windowSeconds: number
  readonly algorithm: RateLimitAlgorithm
  readonly algorithmTag: typeof ALGORITHM_GCRA | typeof ALGORITHM_SLIDING_WINDOW
  readonly windowMs: number
  /** Largest cost one request may ever have under this policy. */
  readonly capacity: number
  /** GCRA emission interval: ms of credit one unit costs. */
  readonly intervalMs: number
  /** GCRA burst tolerance: how far ahead of now the theoretical arrival time may run. */
  readonly toleranceMs: number
  /** Names this policy's state in stores; the algorithm is part of it so switching algorithms starts fresh. */
  readonly stateId: string
}

export interface RateLimitPlan {
  readonly policies: readonly CompiledPolicy[]
  /** Identifies the layout of the state a plan reads and writes. */
  readonly signature: string
}

const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

function positiveNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive finite number, got ${String(value)}`)
  }
  return value
}

export function compilePolicy(policy: RateLimitPolicy): CompiledPolicy {
  if (typeof policy.name !== 'string' || !POLICY_NAME.test(policy.name)) {
    throw new RangeError(
      `rate-limit policy name must match ${POLICY_NAME}, got ${JSON.stringify(policy.name)}`,
    )
  }
  const limit = positiveNumber(policy.limit, `policy "${policy.name}" limit`)
  const windowSeconds = positiveNumber(policy.windowSeconds, `policy "${policy.name}" windowSeconds`)
  const algorithm = policy.algorithm ?? 'gcra'
  if (algorithm !== 'gcra' && algorithm !== 'sliding-window') {
    throw new RangeError(`policy "${policy.name}" has unknown algorithm ${JSON.stringify(algorithm)}`)
  }
  if (algorithm === 'sliding-window' && policy.burst !== undefined) {
    throw new RangeError(`policy "${policy.name}": burst applies to the gcra algorithm only`)
  }
  const capacity =
    policy.burst === undefined ? limit : positiveNumber(policy.burst, `policy "${policy.name}" burst`)
  const windowMs = windowSeconds * 1000
  const intervalMs = windowMs / limit
  return {
    name: policy.name,
    limit,
    windowSeconds,
    algorithm,
    algorithmTag: algorithm === 'gcra' ? ALGORITHM_GCRA : ALGORITHM_SLIDING_WINDOW,
    windowMs,
    capacity,
    intervalMs,
    toleranceMs: intervalMs * capacity,
    stateId: `${policy.name}.${algorithm === 'gcra' ? 'g' : 's'}`,
  }
}

export function compilePlan(policies: readonly RateLimitPolicy[]): RateLimitPlan {
  if (!Array.isArray(policies) || policies.length === 0) {
    throw new RangeError('a rate limiter needs at least one policy')
  }
  const compiled = policies.map(compilePolicy)
  const names = new Set<string>()
  for (const policy of compiled) {
    if (names.has(policy.name)) throw new RangeError(`duplicate rate-limit policy name "${policy.name}"`)
    names.add(policy.name)
  }
  const signature = compiled.map((p) => `${p.stateId}:${p.limit}:${p.windowMs}:${p.capacity}`).join('|')
  return { policies: compiled, signature }
}
