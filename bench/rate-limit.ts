/**
 * Rate-limit benchmark: Faultline's limiter against rate-limiter-flexible, same limit (100 per
 * minute per key), same key sequence, a mixed workload where about a quarter of decisions are
 * rejections. Runs alternate A B A B on fresh limiters; the table shows medians and ratios.
 *
 *   node --import tsx bench/rate-limit.ts
 *
 * Memory: 5,000 keys drawn uniformly, ~131.6 decisions per key, awaited one after another; decisions per
 * CPU-second after a full collection, five rounds alternating which implementation goes first.
 * Redis: a real redis-server, 150 keys, 64 decisions in flight, ioredis on both sides; round trips
 * are counted at the client (every command ioredis writes).
 */
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createRateLimiter, memoryRateLimitStore } from 'faultline/guards'
import { redisRateLimitStore } from 'faultline/redis'
import { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible'
import { startRedisServer } from '../test/support/redis-server.js'

export interface RateLimitBenchRow {
  readonly store: 'memory' | 'redis'
  readonly implementation: 'faultline' | 'rate-limiter-flexible'
  readonly decisionsPerSecond: number
  readonly admittedShare: number
  readonly roundTripsPerDecision?: number
  /** Faultline ÷ rate-limiter-flexible decisions/s (on the Faultline row). */
  readonly ratio?: number
}

export interface RateLimitBenchOptions {
  readonly repeats?: number
  readonly memoryKeys?: number
  /** Alternating memory rounds (each runs both implementations once). */
  readonly memoryRepeats?: number
  readonly redisDecisions?: number
  /** Whole-run bound; later rounds are skipped once it is spent. */
  readonly budgetMs?: number
}

/** One decision: resolves true when admitted. */
type Decide = (key: string) => Promise<boolean>

interface RunResult {
  perSecond: number
  admitted: number
  roundTrips: number
}

// `gc` without restarting node under --expose-gc: the flag takes effect for contexts created after it.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const LIMIT = 100
const WINDOW_SECONDS = 60
/** Decisions per key so that about 76% are admitted: 100 / 0.76. */
const DECISIONS_PER_KEY = LIMIT / 0.76

function keySequence(keys: number, length: number, seed: number): string[] {
  const names = Array.from({ length: keys }, (_, i) => `user:${i}`)
  let state = seed >>> 0
  const sequence: string[] = new Array(length)
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0 // deterministic, so both sides see the same keys
    sequence[i] = names[state % keys]!
  }
  return sequence
}

/**
 * Decisions per CPU-second, one after another, after a full collection: each run starts from the same
 * heap rather than paying for the garbage the previous implementation left.
 */
async function runSequential(decide: Decide, sequence: readonly string[]): Promise<RunResult> {
  let admitted = 0
  collectGarbage()
  const started = process.cpuUsage()
  for (let i = 0; i < sequence.length; i++) if (await decide(sequence[i]!)) admitted++
  const used = process.cpuUsage(started)
  const seconds = (used.user + used.system) / 1e6
  return { perSecond: sequence.length / seconds, admitted: admitted / sequence.length, roundTrips: 0 }
}

async function runConcurrent(
  decide: Decide,
  sequence: readonly string[],
  inFlight: number,
): Promise<RunResult> {
  let admitted = 0
  let next = 0
  const started = performance.now()
  const lane = async () => {
    while (next < sequence.length) if (await decide(sequence[next++]!)) admitted++
  }
  await Promise.all(Array.from({ length: inFlight }, lane))
  const seconds = (performance.now() - started) / 1000
  return { perSecond: sequence.length / seconds, admitted: admitted / sequence.length, roundTrips: 0 }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const policies = [{ name: 'minute', limit: LIMIT, windowSeconds: WINDOW_SECONDS }]

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

/** Counts every command the client writes: one per round trip for these single-command decisions. */
function countCommands(client: Redis): { readonly count: () => number } {
  let count = 0
  const original = client.sendCommand.bind(client)
  const counting = (...args: Parameters<Redis['sendCommand']>) => {
    count++
    return original(...args)
  }
  ;(client as unknown as { sendCommand: typeof counting }).sendCommand = counting
  return { count: () => count }
}

async function summarize(
  store: RateLimitBenchRow['store'],
  runs: { faultline: RunResult[]; flexible: RunResult[] },
  withRoundTrips: boolean,
): Promise<RateLimitBenchRow[]> {
  const ours = median(runs.faultline.map((r) => r.perSecond))
  const theirs = median(runs.flexible.map((r) => r.perSecond))
  const row = (
    implementation: RateLimitBenchRow['implementation'],
    results: RunResult[],
    perSecond: number,
  ) => ({
    store,
    implementation,
    decisionsPerSecond: Math.round(perSecond),
    admittedShare: Number(median(results.map((r) => r.admitted)).toFixed(3)),
    ...(withRoundTrips
      ? { roundTripsPerDecision: Number(median(results.map((r) => r.roundTrips)).toFixed(3)) }
      : {}),
  })
  return [
    { ...row('faultline', runs.faultline, ours), ratio: Number((ours / theirs).toFixed(2)) },
    row('rate-limiter-flexible', runs.flexible, theirs),
  ]
}

async function benchMemory(repeats: number, keys: number, deadline: number): Promise<RateLimitBenchRow[]> {
  const sequence = keySequence(keys, Math.round(keys * DECISIONS_PER_KEY), 42)
  const runs = { faultline: [] as RunResult[], flexible: [] as RunResult[] }
  // One unmeasured round of each warms the JIT.
  await runSequential(faultlineMemory(keys), sequence.slice(0, 200_000))
  await runSequential(flexibleMemory(), sequence.slice(0, 200_000))
  for (let round = 0; round < repeats && (round === 0 || Date.now() < deadline); round++) {
    // Alternating which goes first (A B, B A, ...).
    if (round % 2 === 0) {
      runs.faultline.push(await runSequential(faultlineMemory(keys), sequence))
      runs.flexible.push(await runSequential(flexibleMemory(), sequence))
    } else {
      runs.flexible.push(await runSequential(flexibleMemory(), sequence))
      runs.faultline.push(await runSequential(faultlineMemory(keys), sequence))
    }
  }
  return summarize('memory', runs, false)
}

async function benchRedis(
  repeats: number,
  decisions: number,
  deadline: number,
): Promise<RateLimitBenchRow[]> {
  const server = await startRedisServer()
  const options = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 2_000 } as const
  const ready = async (client: Redis) => {
    await new Promise((resolve, reject) => {
      client.once('ready', resolve)
      client.once('error', reject)
    })
    return client
  }
  const ourClient = await ready(new Redis(server.url, options))
  const theirClient = await ready(new Redis(server.url, options))
  try {
    const ourCount = countCommands(ourClient)
    const theirCount = countCommands(theirClient)
    const keys = Math.max(1, Math.round(decisions / DECISIONS_PER_KEY))
    const sequence = keySequence(keys, decisions, 7)
    const runs = { faultline: [] as RunResult[], flexible: [] as RunResult[] }
    for (let round = 0; round <= repeats && (round <= 1 || Date.now() < deadline); round++) {
      const ours = createRateLimiter({
        policies,
        store: redisRateLimitStore(ourClient),
        failure: 'closed',
        storeTimeoutMs: 2_000,
        prefix: `bench-f${round}:`,
      })
      const theirs = new RateLimiterRedis({
        storeClient: theirClient,
        points: LIMIT,
        duration: WINDOW_SECONDS,
        keyPrefix: `bench-r${round}`,
      })
      const before = [ourCount.count(), theirCount.count()]
      const a = await runConcurrent(async (key) => (await ours.consume(key)).allowed, sequence, 64)
      const b = await runConcurrent(
        async (key) => {
          try {
            await theirs.consume(key)
            return true
          } catch (error) {
            if (error instanceof Error) throw error
            return false
          }
        },
        sequence,
        64,
      )
      a.roundTrips = (ourCount.count() - before[0]!) / decisions
      b.roundTrips = (theirCount.count() - before[1]!) / decisions
      // Round 0 warms the connection and the script cache.
      if (round === 0) continue
      runs.faultline.push(a)
      runs.flexible.push(b)
    }
    return summarize('redis', runs, true)
  } finally {
    ourClient.disconnect()
    theirClient.disconnect()
    await server.stop()
  }
}

export async function runRateLimitBench(options: RateLimitBenchOptions = {}): Promise<RateLimitBenchRow[]> {
  const deadline = Date.now() + (options.budgetMs ?? 60_000)
  const repeats = options.repeats ?? 3
  const memory = await benchMemory(options.memoryRepeats ?? 5, options.memoryKeys ?? 5_000, deadline - 20_000)
  const redis = await benchRedis(repeats, options.redisDecisions ?? 20_000, deadline)
  return [...memory, ...redis]
}

function printTable(rows: readonly RateLimitBenchRow[]): void {
  const header = ['store', 'implementation', 'decisions/s', 'admitted', 'round trips/decision', 'ratio']
  const lines = rows.map((r) => [
    r.store,
    r.implementation,
    r.decisionsPerSecond.toLocaleString('en-US'),
    `${(r.admittedShare * 100).toFixed(1)}%`,
    r.roundTripsPerDecision === undefined ? '' : r.roundTripsPerDecision.toFixed(2),
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(format(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const line of lines) console.log(format(line))
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await runRateLimitBench())
}
