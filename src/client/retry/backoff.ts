/**
 * Exponential backoff: base, 2×base, 4×base… up to a cap. With the defaults and no jitter this is the
 * schedule the seed APIs document: 1 s, 2 s, 4 s, 8 s, 16 s, then 16 s.
 *   full:  random in [0, d)            spreads a fleet's retries the most (the default)
 *   equal: d/2 + random in [0, d/2)    keeps at least half the wait
 *   none:  exactly d
 */
export type Jitter = 'full' | 'equal' | 'none'

export interface BackoffOptions {
  readonly baseMs?: number
  readonly capMs?: number
  readonly jitter?: Jitter
  /** A source of numbers in [0, 1); injectable so tests and simulations are deterministic. */
  readonly random?: () => number
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = Object.freeze({
  baseMs: 1000,
  capMs: 16_000,
  jitter: 'full',
  random: Math.random,
})

/** The wait before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs
  const capMs = options.capMs ?? DEFAULT_BACKOFF.capMs
  const jitter = options.jitter ?? DEFAULT_BACKOFF.jitter
  const random = options.random ?? DEFAULT_BACKOFF.random
  const step = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1
  // 2 ** 1024 is Infinity, which Math.min turns back into the cap: no overflow for huge attempts.
  const exponential = Math.min(capMs, baseMs * 2 ** (step - 1))
  if (jitter === 'none') return exponential
  const r = unitInterval(random())
  if (jitter === 'equal') return Math.floor(exponential / 2 + r * (exponential / 2))
  return Math.floor(r * exponential)
}

/** Keeps a misbehaving random source inside [0, 1). */
function unitInterval(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0
  return value >= 1 ? 1 - Number.EPSILON : value
}
