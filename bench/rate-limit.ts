/**
 * Rate-limit benchmark: Faultline's limiter against rate-limiter-flexible, same limit (100 per
 * minute per key), same key sequence, a mixed workload where about a quarter of decisions are
 * rejections. Runs alternate A B A B on fresh limiters; the table shows medians and ratios.
 *
 *   node --import tsx bench/rate-limit.ts
 *
 * Memory: 5,000 keys drawn uniformly, ~131.6 decisions per key, awaited one after another; decisions per
 * CPU-second after a full collection, each run in a fresh process of its own (rate-limit-memory-run.ts),
 * four rounds alternating which implementation goes first.
 * Redis: a real redis-server on a core of its own, 150 keys, 64 decisions in flight, ioredis on both sides,
 * six alternating rounds after a warm-up; round trips are counted at the client (every command ioredis
 * writes).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRateLimiter } from 'faultline/guards'
import { redisRateLimitStore } from 'faultline/redis'
import { Redis } from 'ioredis'
import { RateLimiterRedis } from 'rate-limiter-flexible'
import { startRedisServer } from '../test/support/redis-server.js'
import { pinToServerCpu, withPinnedLoadGenerator } from './error-path/cpu-pinning.js'
import { median } from './error-path/median.js'
import {
  DECISIONS_PER_KEY,
  type Decide,
  keySequence,
  LIMIT,
  policies,
  type RunResult,
  WINDOW_SECONDS,
} from './rate-limit-workload.js'

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

const MEMORY_RUN = fileURLToPath(new URL('./rate-limit-memory-run.ts', import.meta.url))

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

/** One run of an in-process limiter in a fresh node process (see rate-limit-memory-run.ts). */
function runMemoryInChild(implementation: RateLimitBenchRow['implementation'], keys: number): RunResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', MEMORY_RUN, implementation, String(keys)], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (child.status !== 0) throw new Error(`memory run of ${implementation} failed: ${child.stderr}`)
  const { perSecond, admitted } = JSON.parse(child.stdout) as { perSecond: number; admitted: number }
  return { perSecond, admitted, roundTrips: 0 }
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

function benchMemory(repeats: number, keys: number, deadline: number): Promise<RateLimitBenchRow[]> {
  const runs = { faultline: [] as RunResult[], flexible: [] as RunResult[] }
  for (let round = 0; round < repeats && (round === 0 || Date.now() < deadline); round++) {
    // Alternating which goes first (A B, B A, ...).
    if (round % 2 === 0) {
      runs.faultline.push(runMemoryInChild('faultline', keys))
      runs.flexible.push(runMemoryInChild('rate-limiter-flexible', keys))
    } else {
      runs.flexible.push(runMemoryInChild('rate-limiter-flexible', keys))
      runs.faultline.push(runMemoryInChild('faultline', keys))
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
  // redis-server on a core of its own and the bench on the other, as the HTTP servers run: otherwise the
  // two take turns on both cores and the ratio swings by a fifth between runs.
  pinToServerCpu(server.pid)
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
      const runOurs = () => runConcurrent(async (key) => (await ours.consume(key)).allowed, sequence, 64)
      const runTheirs = () =>
        runConcurrent(
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
      // Alternating which goes first (A B, B A, ...): Redis holds the first one's keys while the second runs.
      let ourRun: RunResult
      let theirRun: RunResult
      if (round % 2 === 0) {
        ourRun = await runOurs()
        theirRun = await runTheirs()
      } else {
        theirRun = await runTheirs()
        ourRun = await runOurs()
      }
      ourRun.roundTrips = (ourCount.count() - before[0]!) / decisions
      theirRun.roundTrips = (theirCount.count() - before[1]!) / decisions
      // Round 0 warms the connection and the script cache.
      if (round === 0) continue
      runs.faultline.push(ourRun)
      runs.flexible.push(theirRun)
    }
    return summarize('redis', runs, true)
  } finally {
    ourClient.disconnect()
    theirClient.disconnect()
    await server.stop()
  }
}

export async function runRateLimitBench(options: RateLimitBenchOptions = {}): Promise<RateLimitBenchRow[]> {
  const deadline = Date.now() + (options.budgetMs ?? 100_000)
  const repeats = options.repeats ?? 6
  const memory = await benchMemory(options.memoryRepeats ?? 4, options.memoryKeys ?? 5_000, deadline - 30_000)
  const redis = await withPinnedLoadGenerator(() =>
    benchRedis(repeats, options.redisDecisions ?? 20_000, deadline),
  )
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
