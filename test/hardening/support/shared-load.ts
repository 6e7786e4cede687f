import { KNOWN_CODES } from './catalog.js'
import type { LeakScanner } from './leak-scanner.js'
import type { ServerProcess } from './server-process.js'

export interface LoadResult {
  readonly requests: number
  readonly admitted: number
  readonly limit: number
  readonly executionsPerKey: Map<string, number>
  readonly outsideCatalog: string[]
  readonly p50: number
  readonly p99: number
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

/**
 * Sustained concurrent load for `durationMs` against two (or more) servers sharing one store: rate-limited
 * GETs spread over the servers for one client, and POSTs with a small set of Idempotency-Keys racing on
 * every server. Reads back how many were admitted and how often each key's handler ran (from the body).
 */
export async function runSharedLoad(
  servers: readonly ServerProcess[],
  options: {
    durationMs: number
    concurrency: number
    limit: number
    keys: number
    leaks?: LeakScanner
    tag: string
    /** Keep going past `durationMs` (up to twice it) until this many rate-limited requests were sent. */
    minLimited?: number
  },
): Promise<LoadResult> {
  const latencies: number[] = []
  const outsideCatalog: string[] = []
  const executed = new Map<string, Set<number>>()
  let admitted = 0
  let requests = 0
  let limited = 0
  const start = performance.now()
  // A loaded machine still gets enough requests past the limit to prove the cap, within a hard bound.
  const going = () => {
    const elapsed = performance.now() - start
    if (elapsed < options.durationMs) return true
    return limited < (options.minLimited ?? 0) && elapsed < options.durationMs * 2
  }
  const worker = async (w: number) => {
    for (let i = 0; going(); i++) {
      const server = servers[(w + i) % servers.length]!
      const keyed = i % 2 === 1
      if (!keyed) limited++
      const key = `${options.tag}-${(w * 7 + i) % options.keys}`
      const started = performance.now()
      const response = keyed
        ? await fetch(`${server.url}/idem`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: '{"delayMs":5}',
          })
        : await fetch(`${server.url}/limited`, { headers: { 'x-client': `${options.tag}-client` } })
      const body = await response.text()
      latencies.push(performance.now() - started)
      requests++
      options.leaks?.record(`load ${response.status}`, Object.fromEntries(response.headers), body)
      if (response.status >= 400) {
        const code = (JSON.parse(body) as { code?: string }).code
        if (code === undefined || !KNOWN_CODES.has(code)) outsideCatalog.push(`${response.status} ${code}`)
      } else if (keyed) {
        // The body names the process that ran the handler; replays carry the original's body.
        const { executed: name, pid } = JSON.parse(body) as { executed: string; pid: number }
        const seen = executed.get(name) ?? new Set<number>()
        seen.add(pid)
        executed.set(name, seen)
      } else admitted++
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)))
  const sorted = latencies.sort((a, b) => a - b)
  const executionsPerKey = new Map([...executed].map(([key, pids]) => [key, pids.size]))
  return {
    requests,
    admitted,
    limit: options.limit,
    executionsPerKey,
    outsideCatalog,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  }
}
