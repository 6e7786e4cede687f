/** The rate-limit benchmark's workload, shared by the Redis part and the memory part's child processes. */

export const LIMIT = 100
export const WINDOW_SECONDS = 60
/** Decisions per key so that about 76% are admitted: 100 / 0.76. */
export const DECISIONS_PER_KEY = LIMIT / 0.76

export const policies = [{ name: 'minute', limit: LIMIT, windowSeconds: WINDOW_SECONDS }]

/** One decision: resolves true when admitted. */
export type Decide = (key: string) => Promise<boolean>

export interface RunResult {
  perSecond: number
  admitted: number
  roundTrips: number
}

/** The same pseudo-random key order for every run and both implementations. */
export function keySequence(keys: number, length: number, seed: number): string[] {
  const names = Array.from({ length: keys }, (_, i) => `user:${i}`)
  let state = seed >>> 0
  const sequence: string[] = new Array(length)
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    sequence[i] = names[state % keys]!
  }
  return sequence
}
