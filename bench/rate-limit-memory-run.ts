/**
 * One measured run of an in-process limiter, in a process of its own: `node --import tsx
 * bench/rate-limit-memory-run.ts <faultline|rate-limiter-flexible> <keys>` prints `{ perSecond, admitted }`.
 *
 * Why a process per run: run in one process, both implementations go through the same harness call
 * sites, and which one the JIT optimizes for depends on which ran first; the ratio then moved between
 * 1.2 and 1.7 from one suite run to the next.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createRateLimiter, memoryRateLimitStore } from 'faultline/guards'
import { RateLimiterMemory } from 'rate-limiter-flexible'
import {
  DECISIONS_PER_KEY,
  type Decide,
  keySequence,
  LIMIT,
  policies,
  WINDOW_SECONDS,
} from './rate-limit-workload.js'

// `gc` without restarting node under --expose-gc: the flag takes effect for contexts created after it.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

function faultlineMemory(keys: number): Decide {
  const limiter = createRateLimiter({ policies, store: memoryRateLimitStore({ maxKeys: keys * 2 }) })
  return async (key) => (await limiter.consume(key)).allowed
}

function flexibleMemory(): Decide {
  // No key prefix, as Faultline's memory store has none: neither side pays a concatenation per decision.
  const limiter = new RateLimiterMemory({ points: LIMIT, duration: WINDOW_SECONDS, keyPrefix: '' })
  return async (key) => {
    try {
      await limiter.consume(key)
      return true
    } catch {
      return false
    }
  }
}

/** Decisions per CPU-second, one after another, after a full collection. */
async function runSequential(decide: Decide, sequence: readonly string[]) {
  let admitted = 0
  collectGarbage()
  const started = process.cpuUsage()
  for (let i = 0; i < sequence.length; i++) if (await decide(sequence[i]!)) admitted++
  const used = process.cpuUsage(started)
  const seconds = (used.user + used.system) / 1e6
  return { perSecond: sequence.length / seconds, admitted: admitted / sequence.length }
}

const WARM_PASSES = 2
const MEASURED_PASSES = 3

const [implementation, keysText] = process.argv.slice(2)
const keys = Number(keysText)
const create = implementation === 'faultline' ? () => faultlineMemory(keys) : flexibleMemory
if (implementation !== 'faultline' && implementation !== 'rate-limiter-flexible') {
  throw new Error(`unknown implementation ${implementation}`)
}
const sequence = keySequence(keys, Math.round(keys * DECISIONS_PER_KEY), 42)
// The JIT goes on improving the path for a few passes (a first pass runs at two thirds of the speed
// of a fifth): two unmeasured passes, then the median of three, each on a fresh limiter.
for (let pass = 0; pass < WARM_PASSES; pass++) await runSequential(create(), sequence)
const measured = []
for (let pass = 0; pass < MEASURED_PASSES; pass++) measured.push(await runSequential(create(), sequence))
measured.sort((a, b) => a.perSecond - b.perSecond)
process.stdout.write(`${JSON.stringify(measured[MEASURED_PASSES >> 1])}\n`)
