import autocannon, { type Result } from 'autocannon'
import type { ServerProcess } from './server-process.js'

export interface LoadOptions {
  /** Seconds measured. */
  readonly durationSec: number
  /** Seconds of unmeasured load just before, so every run starts hot. */
  readonly warmupSec: number
  readonly connections: number
}

export interface LoadResult {
  readonly rps: number
  readonly p99Ms: number
  /** Server CPU (user + system) per request it counted, in microseconds. */
  readonly cpuMicrosPerRequest: number
  /** Responses with any status other than the expected one, plus connection errors and timeouts. */
  readonly unexpected: number
}

function responsesWith(result: Result, status: number): number {
  return Number(result.statusCodeStats[String(status)]?.count ?? 0)
}

function totalResponses(result: Result): number {
  let total = 0
  for (const code in result.statusCodeStats) total += Number(result.statusCodeStats[code]!.count)
  return total
}

/** One measured run of `GET url` against a server process, from this process (autocannon, loopback only). */
export async function loadServer(
  server: ServerProcess,
  path: string,
  expectedStatus: number,
  options: LoadOptions,
): Promise<LoadResult> {
  const url = server.url + path
  const base = { url, connections: options.connections, pipelining: 1, timeout: 10 }
  if (options.warmupSec > 0) await autocannon({ ...base, duration: options.warmupSec })
  const before = await server.stats()
  const result = await autocannon({ ...base, duration: options.durationSec })
  const after = await server.stats()
  const total = totalResponses(result)
  return {
    rps: total / result.duration,
    p99Ms: result.latency.p99,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, after.requests - before.requests),
    unexpected: total - responsesWith(result, expectedStatus) + result.errors + result.timeouts,
  }
}
