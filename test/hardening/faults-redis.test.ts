import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../support/redis-server.js'
import { envelopeProblem } from './support/envelope.js'
import { LeakScanner } from './support/leak-scanner.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import { Tally } from './support/tally.js'

const tally = new Tally('faults-redis')
const leaks = new LeakScanner()
const dir = mkdtempSync(join(tmpdir(), 'faultline-hardening-'))

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
  ms: number
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now()
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) })
  const answer = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
    ms: performance.now() - started,
  }
  leaks.record(url, answer.headers, answer.body)
  return answer
}

const idem = (server: ServerProcess, key: string, delayMs = 0) =>
  call(`${server.url}/idem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ delayMs }),
  })

describe('Redis killed and restarted under the guards', () => {
  let redis: RedisServer
  let open: ServerProcess
  let closed: ServerProcess
  const LIMIT = 20

  beforeAll(async () => {
    redis = await startRedisServer()
    const common = {
      HARDENING_ADAPTER: 'express',
      HARDENING_STORE: 'redis',
      HARDENING_REDIS_URL: redis.url,
      HARDENING_RL_LIMIT: String(LIMIT),
    }
    ;[open, closed] = await Promise.all([
      startServerProcess({ ...common, HARDENING_RL_FAILURE: 'open', HARDENING_IDEM_FAILURE: 'open' }),
      startServerProcess({ ...common, HARDENING_RL_FAILURE: 'closed', HARDENING_IDEM_FAILURE: 'closed' }),
    ])
  })

  afterAll(async () => {
    await Promise.all([open?.stop(), closed?.stop()])
    await redis?.stop()
  })

  it('fails open within the limit, fails closed with a bounded 503, and both recover', async () => {
    // Healthy: exactly LIMIT admitted per client, the rest 429 with Retry-After.
    const healthy = await Promise.all(
      Array.from({ length: LIMIT + 10 }, () =>
        call(`${closed.url}/limited`, { headers: { 'x-client': 'a' } }),
      ),
    )
    expect(healthy.filter((a) => a.status === 200)).toHaveLength(LIMIT)
    for (const a of healthy.filter((x) => x.status === 429)) {
      expect(envelopeProblem(a, 'RATE_LIMITED')).toBeUndefined()
      expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    }

    await redis.kill()
    const during = await Promise.all([
      ...Array.from({ length: 30 }, () => call(`${open.url}/limited`, { headers: { 'x-client': 'b' } })),
      ...Array.from({ length: 30 }, () => call(`${closed.url}/limited`, { headers: { 'x-client': 'b' } })),
      ...Array.from({ length: 10 }, (_, i) => idem(closed, `down-${i}`)),
    ])
    const openAnswers = during.slice(0, 30)
    const closedAnswers = during.slice(30)
    // Fail-open admits (nothing is counted, RateLimit headers are left off as documented), never errors.
    for (const a of openAnswers)
      tally.check(
        'open during outage',
        a.status === 200 && a.headers.ratelimit === undefined ? undefined : `status ${a.status}`,
      )
    // Fail-closed answers 503 SERVICE_UNAVAILABLE quickly: bounded by the store timeout, not a hang.
    for (const a of closedAnswers) {
      tally.check(
        'closed during outage',
        a.status === 503 ? envelopeProblem(a, 'SERVICE_UNAVAILABLE') : `status ${a.status}`,
      )
      tally.check('closed latency', a.ms < 1_500 ? undefined : `${Math.round(a.ms)} ms`)
    }
    const p99 = closedAnswers.map((a) => a.ms).sort((x, y) => x - y)[Math.floor(closedAnswers.length * 0.99)]!
    console.log(`hardening faults-redis: fail-closed 503 p99 ${Math.round(p99)} ms during the outage`)

    await redis.start()
    // Both recover once the client reconnects: poll briefly, bounded.
    let recovered = false
    for (let i = 0; i < 100 && !recovered; i++) {
      const [a, b] = await Promise.all([
        call(`${open.url}/limited`, { headers: { 'x-client': `r${i}` } }),
        call(`${closed.url}/limited`, { headers: { 'x-client': `r${i}` } }),
      ])
      recovered = a.status === 200 && b.status === 200 && a.headers.ratelimit !== undefined
      if (!recovered) await new Promise((r) => setTimeout(r, 100))
    }
    expect(recovered).toBe(true)
    // After recovery the limit is exact again (Redis restarted empty: a fresh window).
    const after = await Promise.all(
      Array.from({ length: LIMIT + 5 }, () =>
        call(`${closed.url}/limited`, { headers: { 'x-client': 'after' } }),
      ),
    )
    expect(after.filter((a) => a.status === 200)).toHaveLength(LIMIT)
    const replay = await idem(closed, 'after-1')
    expect(replay.status).toBe(201)
    expect((await idem(closed, 'after-1')).headers['idempotent-replayed']).toBe('true')
    expect(tally.failures).toEqual([])
  }, 60_000)
})

describe('a server SIGKILLed mid-request and restarted: idempotent requests run exactly once', () => {
  for (const store of ['redis', 'sqlite'] as const) {
    it(`on ${store}`, async () => {
      const redis = store === 'redis' ? await startRedisServer() : undefined
      const log = join(dir, `executions-${store}.log`)
      writeFileSync(log, '')
      const env = {
        HARDENING_ADAPTER: 'fastify',
        HARDENING_STORE: store,
        HARDENING_REDIS_URL: redis?.url ?? '',
        HARDENING_SQLITE_FILE: join(dir, `idem-${store}.db`),
        HARDENING_EXEC_LOG: log,
        HARDENING_LOCK_MS: '800',
      }
      try {
        let server = await startServerProcess(env)
        const keys = Array.from({ length: 24 }, (_, i) => `${store}-k${i}`)
        // Half finish before the crash; the other half are mid-handler (waiting) when the process dies.
        await Promise.all(keys.slice(0, 12).map((k) => idem(server, k)))
        const inFlight = keys.slice(12).map((k) => idem(server, k, 1_500).catch(() => undefined))
        await new Promise((r) => setTimeout(r, 300))
        await server.kill()
        await Promise.all(inFlight)
        server = await startServerProcess(env)
        // The client retries every key until it gets the answer (409 while a dead holder's lease runs out).
        const finals: Answer[] = []
        for (const key of keys) {
          let answer = await idem(server, key)
          for (let i = 0; i < 40 && answer.status === 409; i++) {
            expect(envelopeProblem(answer, 'IDEMPOTENCY_CONFLICT')).toBeUndefined()
            await new Promise((r) => setTimeout(r, 100))
            answer = await idem(server, key)
          }
          finals.push(answer)
        }
        await server.stop()
        for (const answer of finals)
          tally.check(
            `${store} final`,
            answer.status === 201 ? undefined : `status ${answer.status} ${answer.body}`,
          )
        const counts = new Map<string, number>()
        for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean))
          counts.set(line, (counts.get(line) ?? 0) + 1)
        for (const key of keys)
          tally.check(
            `${store} executions ${key}`,
            counts.get(key) === 1 ? undefined : `${counts.get(key) ?? 0} executions`,
          )
        expect(finals.every((a) => a.status === 201)).toBe(true)
        expect(keys.map((k) => counts.get(k))).toEqual(keys.map(() => 1))
      } finally {
        await redis?.stop()
      }
    }, 90_000)
  }
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  const findings = leaks.findings()
  tally.check('leak audit', findings.length === 0 ? undefined : JSON.stringify(findings.slice(0, 3)))
  console.log(`${tally.summary()} (${leaks.count} responses scanned)`)
  expect(findings).toEqual([])
  expect(tally.failures).toEqual([])
})
