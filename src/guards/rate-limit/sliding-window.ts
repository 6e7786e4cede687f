/**
 * Sliding window, two-bucket approximation: counts are kept for the current fixed window
 * (aligned to multiples of the window length since the epoch) and the previous one. The number of
 * units "in the last window" is estimated as previous × (fraction of the previous window still
 * inside the sliding window) + current. This assumes the previous window's requests were spread
 * evenly; the estimate never exceeds the true count by more than the previous window's unevenness,
 * and it uses three numbers per key instead of a log of timestamps.
 *
 * State slot layout (3 numbers): [current window start (ms), current count, previous count].
 */
import type { CompiledPolicy } from './policy.js'

const EPSILON_UNITS = 1e-9

/** Moves the counts forward to the window containing `now` (meaning-preserving, so safe before a rejection). */
export function slidingWindowRoll(
  policy: CompiledPolicy,
  state: Float64Array,
  at: number,
  now: number,
): void {
  const windowMs = policy.windowMs
  const start = Math.floor(now / windowMs) * windowMs
  const storedStart = state[at]!
  if (storedStart === start) return
  state[at + 2] = storedStart === start - windowMs ? state[at + 1]! : 0
  state[at + 1] = 0
  state[at] = start
}

function estimate(policy: CompiledPolicy, state: Float64Array, at: number, now: number): number {
  const elapsedFraction = (now - state[at]!) / policy.windowMs
  return state[at + 2]! * (1 - elapsedFraction) + state[at + 1]!
}

/** Milliseconds until `cost` units fit, assuming no other traffic (0: now; Infinity: cost > limit). Call after roll. */
export function slidingWindowWaitMs(
  policy: CompiledPolicy,
  state: Float64Array,
  at: number,
  now: number,
  cost: number,
): number {
  const limit = policy.limit
  if (cost > limit + EPSILON_UNITS) return Number.POSITIVE_INFINITY
  if (estimate(policy, state, at, now) + cost <= limit + EPSILON_UNITS) return 0
  const windowMs = policy.windowMs
  const elapsed = now - state[at]!
  const untilNextWindow = windowMs - elapsed
  const current = state[at + 1]!
  const previous = state[at + 2]!
  // Still in this window: previous × (1 - f) + current + cost ≤ limit once f ≥ 1 - room / previous.
  const room = limit - current - cost
  if (room >= 0 && previous > 0) {
    const wait = windowMs * (1 - room / previous) - elapsed
    if (wait < untilNextWindow) return wait > 0 ? wait : 0
  }
  // In the next window the current count becomes the fading previous one.
  if (current <= 0) return untilNextWindow
  const fraction = 1 - (limit - cost) / current
  return untilNextWindow + (fraction > 0 ? windowMs * fraction : 0)
}

export function slidingWindowConsume(state: Float64Array, at: number, cost: number): void {
  state[at + 1] = state[at + 1]! + cost
}

export function slidingWindowRemaining(
  policy: CompiledPolicy,
  state: Float64Array,
  at: number,
  now: number,
): number {
  const units = Math.floor(policy.limit - estimate(policy, state, at, now) + EPSILON_UNITS)
  return units < 0 ? 0 : units
}

/** Milliseconds until every counted unit has left the sliding window (full quota again). Call after roll. */
export function slidingWindowResetMs(
  policy: CompiledPolicy,
  state: Float64Array,
  at: number,
  now: number,
): number {
  const untilNextWindow = policy.windowMs - (now - state[at]!)
  if (state[at + 1]! > 0) return untilNextWindow + policy.windowMs
  if (state[at + 2]! > 0) return untilNextWindow
  return 0
}
