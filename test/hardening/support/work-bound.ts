/**
 * Linear-time evidence that survives a loaded machine: CPU time (not wall time) per call, the minimum
 * of several trials, each trial repeating the call until it has used enough CPU to be measurable.
 */

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

const TRIALS = 3
const MIN_TRIAL_MICROS = 10_000
const MAX_REPEATS = 2_000

// A collection before each trial, so garbage left by an earlier trial is not billed to the next.
setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

function cpuMicros(): number {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

/** CPU microseconds one call of `fn(input)` takes: the best of several trials. */
export function cpuPerCall(fn: (input: string) => unknown, input: string): number {
  let best = Number.POSITIVE_INFINITY
  for (let trial = 0; trial < TRIALS; trial++) {
    collect()
    let repeats = 0
    const start = cpuMicros()
    let used = 0
    while (used < MIN_TRIAL_MICROS && repeats < MAX_REPEATS) {
      fn(input)
      repeats++
      used = cpuMicros() - start
    }
    best = Math.min(best, used / repeats)
  }
  return best
}

export interface WorkRatio {
  readonly smallMicros: number
  readonly largeMicros: number
  readonly ratio: number
}

/**
 * How much more CPU the large input costs than the small one. Calls cheaper than `floorMicros` count as
 * `floorMicros`, so a function that stops early on both (a length check) reads as ratio ~1, not noise.
 */
export function workRatio(
  fn: (input: string) => unknown,
  small: string,
  large: string,
  floorMicros = 50,
): WorkRatio {
  fn(small)
  fn(large)
  const smallMicros = cpuPerCall(fn, small)
  const largeMicros = cpuPerCall(fn, large)
  return {
    smallMicros,
    largeMicros,
    ratio: Math.max(largeMicros, floorMicros) / Math.max(smallMicros, floorMicros),
  }
}
