/**
 * GCRA (generic cell rate algorithm), the exact form of a token bucket: one number per key, the
 * theoretical arrival time (TAT). Each unit pushes the TAT forward by the emission interval
 * (window / limit); a request is admitted while the TAT stays within the burst tolerance
 * (interval × burst) of now. So `burst` units may go at once, then `limit` per window sustained.
 *
 * State slot layout (3 numbers, shared with the other algorithm): [tat, unused, unused].
 */
import type { CompiledPolicy } from './policy.js'

/** Absorbs floating-point noise from `window / limit` so the last unit of a burst is never refused. */
const EPSILON_MS = 1e-6

/** Milliseconds until `cost` units fit (0: now; Infinity: never, the cost exceeds the burst). */
export function gcraWaitMs(
  policy: CompiledPolicy,
  state: Float64Array,
  at: number,
  now: number,
  cost: number,
): number {
  const increment = cost * policy.intervalMs
  if (increment > policy.toleranceMs + EPSILON_MS) return Number.POSITIVE_INFINITY
  const tat = state[at]!
  const allowAt = (tat > now ? tat : now) + increment - policy.toleranceMs
  const wait = allowAt - now
  return wait > EPSILON_MS ? wait : 0
}

export function gcraConsume(
  policy: CompiledPolicy,
  state: Float64Array,
  at: number,
  now: number,
  cost: number,
): void {
  const tat = state[at]!
  state[at] = (tat > now ? tat : now) + cost * policy.intervalMs
}

export function gcraRemaining(policy: CompiledPolicy, state: Float64Array, at: number, now: number): number {
  const tat = state[at]!
  const credit = now + policy.toleranceMs - (tat > now ? tat : now)
  const units = Math.floor(credit / policy.intervalMs + 1e-9)
  return units < 0 ? 0 : units > policy.capacity ? Math.floor(policy.capacity) : units
}

/** Milliseconds until the bucket is full again (and the state can be forgotten). */
export function gcraResetMs(state: Float64Array, at: number, now: number): number {
  const tat = state[at]!
  return tat > now ? tat - now : 0
}
