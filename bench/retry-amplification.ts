/**
 * Load amplification during an outage: attempts the server sees ÷ logical requests the clients make.
 * N clients each issue logical requests while a fraction of attempts fail with 503; each client owns
 * its own retry budget, as a real client instance does. Time is simulated, so the run takes seconds.
 *
 *   node --import tsx bench/retry-amplification.ts
 */
import { pathToFileURL } from 'node:url'
import {
  createRetryBudget,
  decideRetry,
  type RetryBudget,
  type RetryPolicy,
  resolvePolicy,
} from '../src/client/retry/index.js'

export type RetryApproach = 'naive 3 retries' | 'faultline, no budget' | 'faultline + budget'

export interface AmplificationRow {
  readonly approach: RetryApproach
  readonly failureRate: number
  readonly logicalRequests: number
  readonly attempts: number
  /** attempts ÷ logical requests */
  readonly amplification: number
  /** Share of logical requests that ended in a success. */
  readonly succeeded: number
}

export interface AmplificationBenchOptions {
  readonly clients?: number
  readonly requestsPerClient?: number
  readonly failureRates?: readonly number[]
  readonly seed?: number
}

/** Simulated time of one attempt (ms). */
const ATTEMPT_MS = 50

export function runRetryAmplificationBench(options: AmplificationBenchOptions = {}): AmplificationRow[] {
  const clients = options.clients ?? 100
  const requestsPerClient = options.requestsPerClient ?? 100
  const failureRates = options.failureRates ?? [0, 0.1, 0.5, 1]
  const seed = options.seed ?? 20_251_122
  const rows: AmplificationRow[] = []
  for (const failureRate of failureRates) {
    for (const approach of ['naive 3 retries', 'faultline, no budget', 'faultline + budget'] as const) {
      const random = seededRandom(seed)
      const policy = resolvePolicy({
        backoff: { random },
        ...(approach === 'faultline, no budget' ? { budget: false as const } : {}),
      })
      let attempts = 0
      let succeeded = 0
      for (let c = 0; c < clients; c++) {
        const budget = createRetryBudget(policy)
        for (let r = 0; r < requestsPerClient; r++) {
          const outcome =
            approach === 'naive 3 retries'
              ? naiveRequest(failureRate, random)
              : faultlineRequest(failureRate, random, policy, budget)
          attempts += outcome.attempts
          if (outcome.ok) succeeded++
        }
      }
      const logicalRequests = clients * requestsPerClient
      rows.push({
        approach,
        failureRate,
        logicalRequests,
        attempts,
        amplification: attempts / logicalRequests,
        succeeded: succeeded / logicalRequests,
      })
    }
  }
  return rows
}

interface RequestOutcome {
  readonly attempts: number
  readonly ok: boolean
}

/** What many hand-written clients do: up to 3 retries on any failure, no budget, no server hints. */
function naiveRequest(failureRate: number, random: () => number): RequestOutcome {
  for (let attempt = 1; attempt <= 4; attempt++) {
    if (random() >= failureRate) return { attempts: attempt, ok: true }
  }
  return { attempts: 4, ok: false }
}

function faultlineRequest(
  failureRate: number,
  random: () => number,
  policy: RetryPolicy,
  budget: RetryBudget | undefined,
): RequestOutcome {
  let elapsedMs = 0
  // Bounded by maxAttempts; decideRetry stops there at the latest.
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    elapsedMs += ATTEMPT_MS
    if (random() >= failureRate) {
      budget?.recordSuccess()
      return { attempts: attempt, ok: true }
    }
    const decision = decideRetry(
      { attempt, method: 'GET', hasIdempotencyKey: false, elapsedMs, kind: 'response', status: 503 },
      policy,
      budget,
    )
    if (!decision.retry) return { attempts: attempt, ok: false }
    elapsedMs += decision.delayMs
  }
  return { attempts: policy.maxAttempts, ok: false }
}

/** mulberry32: a small deterministic generator so every run prints the same table. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function printTable(rows: readonly AmplificationRow[]): void {
  const header = ['failure rate', 'approach', 'logical', 'attempts', 'amplification', 'succeeded']
  const lines = rows.map((row) => [
    `${Math.round(row.failureRate * 100)} %`,
    row.approach,
    String(row.logicalRequests),
    String(row.attempts),
    `${row.amplification.toFixed(3)}×`,
    `${(row.succeeded * 100).toFixed(1)} %`,
  ])
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => line[i]?.length ?? 0)),
  )
  const format = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')
  console.log(format(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const line of lines) console.log(format(line))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now()
  const rows = runRetryAmplificationBench()
  printTable(rows)
  const outage = rows.find((row) => row.approach === 'faultline + budget' && row.failureRate === 1)
  const limit = 1.2
  console.log(
    `\nfaultline + budget at 100 % failure: ${outage?.amplification.toFixed(3)}× (limit ${limit}×); ` +
      `ran in ${Math.round(performance.now() - started)} ms`,
  )
  if (outage === undefined || outage.amplification > limit) process.exitCode = 1
}
