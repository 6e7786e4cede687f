/**
 * The hardening soak: the load and fault scenarios of test/hardening, longer and bounded. Three server
 * processes (Express, Fastify, Hono) share one real redis-server; rounds of concurrent load each check
 * exact rate-limit admission, one execution per Idempotency-Key and catalog-only codes; every other round
 * Redis is killed and restarted mid-load; heap is probed after each round; every response is leak-scanned.
 *
 *   node --conditions=source --import tsx scripts/soak.ts        (HARDENING_SOAK_SECONDS, default 180)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LeakScanner } from '../test/hardening/support/leak-scanner.js'
import { startServerProcess } from '../test/hardening/support/server-process.js'
import { runSharedLoad } from '../test/hardening/support/shared-load.js'
import { startRedisServer } from '../test/support/redis-server.js'

const totalSeconds = Math.min(600, Math.max(30, Number(process.env.HARDENING_SOAK_SECONDS ?? 180)))
const ROUND_SECONDS = 30
const LIMIT = 400
const KEYS = 60

const dir = mkdtempSync(join(tmpdir(), 'faultline-soak-'))
const log = join(dir, 'executions.log')
writeFileSync(log, '')
const leaks = new LeakScanner()
const envMarker = `soak_env_${Math.random().toString(36).slice(2)}`
leaks.secret('env value', envMarker)
const redis = await startRedisServer()
const env = (adapter: string) => ({
  HARDENING_ADAPTER: adapter,
  HARDENING_STORE: 'redis',
  HARDENING_REDIS_URL: redis.url,
  HARDENING_RL_LIMIT: String(LIMIT),
  HARDENING_RL_WINDOW: '360000',
  HARDENING_RL_FAILURE: 'closed',
  HARDENING_IDEM_FAILURE: 'closed',
  HARDENING_EXEC_LOG: log,
  HARDENING_SECRET_ENV: envMarker,
})
// GCRA refills continuously: a 100-hour window refills one unit per 15 minutes, so no round sees a refill.
const servers = await Promise.all(
  ['express', 'fastify', 'hono'].map((adapter) => startServerProcess(env(adapter))),
)
const failures: string[] = []
const baseline = await Promise.all(servers.map((s) => s.probe()))
let requests = 0

try {
  const rounds = Math.ceil(totalSeconds / ROUND_SECONDS)
  for (let round = 0; round < rounds; round++) {
    const tag = `soak${round}`
    const outage = round % 2 === 1
    // In outage rounds Redis dies a third of the way in and comes back at two thirds.
    const chaos = outage
      ? (async () => {
          await new Promise((r) => setTimeout(r, (ROUND_SECONDS * 1000) / 3))
          await redis.kill()
          await new Promise((r) => setTimeout(r, (ROUND_SECONDS * 1000) / 3))
          await redis.start()
        })()
      : Promise.resolve()
    const result = await runSharedLoad(servers, {
      durationMs: ROUND_SECONDS * 1000,
      concurrency: 48,
      limit: LIMIT,
      keys: KEYS,
      leaks,
      tag,
    })
    await chaos
    requests += result.requests
    const heaps = await Promise.all(servers.map((s) => s.probe()))
    const growth = heaps.map((h, i) => Math.round((h.heapUsed - baseline[i]!.heapUsed) / 1024 / 1024))
    console.log(
      `round ${round + 1}/${rounds}${outage ? ' (redis killed + restarted)' : ''}: ${result.requests} requests, admitted ${result.admitted}/${LIMIT}, ` +
        `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, heap growth ${growth.join('/')} MB`,
    )
    // A restarted Redis starts empty, so an outage round may admit up to one more full limit; never more.
    const ceiling = outage ? 2 * LIMIT : LIMIT
    if (result.admitted > ceiling || (!outage && result.admitted !== LIMIT))
      failures.push(`${tag}: admitted ${result.admitted}`)
    if (result.outsideCatalog.length > 0)
      failures.push(`${tag}: codes outside the catalog ${result.outsideCatalog.slice(0, 5).join(', ')}`)
    if (growth.some((mb) => mb > 64)) failures.push(`${tag}: heap grew ${growth.join('/')} MB`)
    if (!servers.every((s) => s.alive())) failures.push(`${tag}: a server died`)
    if (!outage) {
      const counts = new Map<string, number>()
      for (const line of readFileSync(log, 'utf8').split('\n'))
        if (line.startsWith(`${tag}-`)) counts.set(line, (counts.get(line) ?? 0) + 1)
      for (const [key, count] of counts) if (count !== 1) failures.push(`${key}: ${count} executions`)
    }
  }
  for (const finding of leaks.findings().slice(0, 10))
    failures.push(`leak ${finding.rule} in ${finding.where}: ${finding.excerpt}`)
} finally {
  await Promise.all(servers.map((s) => s.stop()))
  await redis.stop()
  rmSync(dir, { recursive: true, force: true })
}

console.log(
  `hardening soak: ${requests} requests, ${leaks.count} responses scanned, ${failures.length} failures`,
)
for (const failure of failures) console.log(`  FAIL ${failure}`)
process.exit(failures.length === 0 ? 0 : 1)
