import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../support/redis-server.js'
import { LeakScanner } from './support/leak-scanner.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import { runSharedLoad } from './support/shared-load.js'
import { Tally } from './support/tally.js'

const tally = new Tally('load')
const leaks = new LeakScanner()
const LIMIT = 300
const dir = mkdtempSync(join(tmpdir(), 'faultline-load-'))
const log = join(dir, 'executions.log')

describe('two server processes sharing Redis under sustained load', () => {
  let redis: RedisServer
  let servers: ServerProcess[]

  beforeAll(async () => {
    redis = await startRedisServer()
    writeFileSync(log, '')
    const env = (adapter: string) => ({
      HARDENING_ADAPTER: adapter,
      HARDENING_STORE: 'redis',
      HARDENING_REDIS_URL: redis.url,
      HARDENING_RL_LIMIT: String(LIMIT),
      HARDENING_RL_WINDOW: '360000',
      HARDENING_EXEC_LOG: log,
    })
    servers = await Promise.all([startServerProcess(env('express')), startServerProcess(env('fastify'))])
  })

  afterAll(async () => {
    await Promise.all(servers?.map((s) => s.stop()) ?? [])
    await redis?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('admits exactly the limit, runs each idempotency key once, and answers only catalog codes', async () => {
    const result = await runSharedLoad(servers, {
      durationMs: 8_000,
      concurrency: 32,
      limit: LIMIT,
      keys: 40,
      leaks,
      tag: 'load',
    })
    console.log(
      `hardening load: ${result.requests} requests over 2 processes; admitted ${result.admitted}/${LIMIT}; p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
    )
    const executions = new Map<string, number>()
    for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean))
      executions.set(line, (executions.get(line) ?? 0) + 1)
    tally.check('admitted == limit', result.admitted === LIMIT ? undefined : `${result.admitted}`)
    for (const [key, count] of executions)
      tally.check(`executions ${key}`, count === 1 ? undefined : `${count}`)
    for (const [key, processes] of result.executionsPerKey)
      tally.check(`one origin ${key}`, processes === 1 ? undefined : `${processes}`)
    tally.check(
      'catalog codes only',
      result.outsideCatalog.length === 0 ? undefined : result.outsideCatalog.slice(0, 5).join(', '),
    )
    expect(result.requests).toBeGreaterThan(LIMIT)
    expect(result.admitted).toBe(LIMIT)
    expect(executions.size).toBe(40)
    expect([...executions.values()].every((n) => n === 1)).toBe(true)
    expect(result.outsideCatalog).toEqual([])
  }, 60_000)
})

afterAll(() => {
  const findings = leaks.findings()
  tally.check('leak audit', findings.length === 0 ? undefined : JSON.stringify(findings.slice(0, 3)))
  console.log(`${tally.summary()} (${leaks.count} responses scanned)`)
  expect(findings).toEqual([])
  expect(tally.failures).toEqual([])
})
