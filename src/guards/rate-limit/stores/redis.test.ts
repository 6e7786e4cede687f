import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedisServer } from '../../../../test/support/redis-server.js'
import { StoreUnavailableError } from '../../store-failure.js'
import { createRateLimiter } from '../limiter.js'
import { redisRateLimitStore } from './redis.js'
import { ONE_GCRA_LUA } from './redis-gcra-script.js'
import { RATE_LIMIT_LUA } from './redis-script.js'

let server: RedisServer
let client: Redis
const fastFail = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 200 } as const

beforeAll(async () => {
  server = await startRedisServer()
  client = new Redis(server.url, fastFail)
  await new Promise((resolve, reject) => {
    client.once('ready', resolve)
    client.once('error', reject)
  })
})
afterAll(async () => {
  client?.disconnect()
  await server?.stop()
})

interface WorkerReport {
  admitted: number
  firedAt: number
  doneAt: number
}

function sha1(script: string): string {
  return createHash('sha1').update(script).digest('hex')
}

async function commandCalls(name: string): Promise<number> {
  const info = await client.info('commandstats')
  const match = new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)
  return match ? Number(match[1]) : 0
}

describe('Redis rate-limit store', () => {
  it('enforces GCRA and sliding-window policies together, all or nothing, with TTLs on its keys', async () => {
    const limiter = createRateLimiter({
      policies: [
        { name: 'minute', limit: 3, windowSeconds: 60 },
        { name: 'hour', limit: 4, windowSeconds: 3_600, algorithm: 'sliding-window' },
      ],
      store: redisRateLimitStore(client),
      prefix: 'basic:',
    })
    const admitted = []
    for (let i = 0; i < 4; i++) admitted.push((await limiter.consume('u')).allowed)
    expect(admitted).toEqual([true, true, true, false])
    const rejected = await limiter.consume('u')
    expect(rejected.retryAfterSeconds).toBe(20)
    expect(rejected.policies.map((p) => [p.name, p.remaining])).toEqual([
      ['minute', 0],
      ['hour', 1],
    ])
    const tooBig = await limiter.consume('v', 4)
    expect(tooBig.allowed).toBe(false)
    expect(tooBig.retryAfterSeconds).toBeUndefined()
    expect(await client.exists('{basic:v}:minute.g', '{basic:v}:hour.s')).toBe(0)
    const minuteTtl = await client.pttl('{basic:u}:minute.g')
    const hourTtl = await client.pttl('{basic:u}:hour.s')
    expect(minuteTtl).toBeGreaterThan(50_000)
    expect(minuteTtl).toBeLessThanOrEqual(60_000)
    expect(hourTtl).toBeGreaterThan(3_600_000)
    expect(hourTtl).toBeLessThanOrEqual(7_200_000)
    expect((await limiter.peek('u')).policies.map((p) => p.remaining)).toEqual([0, 1])
    await limiter.reset('u')
    expect((await limiter.consume('u')).policies.map((p) => p.remaining)).toEqual([2, 3])
  })

  it('decides a one-GCRA plan through its own script: burst, retry, peek, block, never-fits, shared counts', async () => {
    const store = redisRateLimitStore(client)
    const one = createRateLimiter({
      policies: [{ name: 'minute', limit: 3, windowSeconds: 60 }],
      store,
      prefix: 'one:',
    })
    // Only the one-GCRA script runs for it: after a flush, it alone is back in Redis's script cache.
    await client.script('FLUSH')
    const evalshaBefore = await commandCalls('evalsha')
    const decisions = []
    for (let i = 0; i < 4; i++) decisions.push(await one.consume('u'))
    expect(await client.script('EXISTS', sha1(ONE_GCRA_LUA), sha1(RATE_LIMIT_LUA))).toEqual([1, 0])
    expect(decisions.map((d) => [d.allowed, d.policies[0]?.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ])
    expect(decisions[3]?.retryAfterSeconds).toBe(20)
    expect(decisions[0]?.policies[0]).toMatchObject({ name: 'minute', limit: 3, windowSeconds: 60 })
    expect(decisions[2]?.policies[0]?.resetSeconds).toBe(60)
    expect(await commandCalls('evalsha')).toBeGreaterThanOrEqual(evalshaBefore + 3) // the first may be an EVAL
    const pttl = await client.pttl('{one:u}:minute.g')
    expect(pttl).toBeGreaterThan(59_000)
    expect(pttl).toBeLessThanOrEqual(60_000)

    // A peek counts nothing; a cost above the burst never fits, so no Retry-After is promised.
    expect((await one.peek('w')).policies[0]?.remaining).toBe(3)
    expect((await one.peek('w')).policies[0]?.remaining).toBe(3)
    const never = await one.consume('w', 4)
    expect(never.allowed).toBe(false)
    expect(never.retryAfterSeconds).toBeUndefined()

    // A block (through the general script) is seen by the one-GCRA script.
    await one.block('w', 30)
    const blocked = await one.consume('w')
    expect(blocked).toMatchObject({ allowed: false, retryAfterSeconds: 30 })
    expect(blocked.policies[0]).toMatchObject({ remaining: 0, resetSeconds: 30 })

    // Both scripts keep the same state: a plan that adds a policy goes on from the same count.
    const two = createRateLimiter({
      policies: [
        { name: 'minute', limit: 3, windowSeconds: 60 },
        { name: 'hour', limit: 100, windowSeconds: 3_600, algorithm: 'sliding-window' },
      ],
      store,
      prefix: 'one:',
    })
    expect((await one.consume('x')).policies[0]?.remaining).toBe(2)
    expect((await two.consume('x')).policies.map((p) => p.remaining)).toEqual([1, 99])
    expect((await one.consume('x')).policies[0]?.remaining).toBe(0)
    await one.reset('x')
    expect((await one.peek('x')).policies[0]?.remaining).toBe(3)
  })

  it('makes one round trip per decision and falls back to EVAL after SCRIPT FLUSH', async () => {
    const limiter = createRateLimiter({
      policies: [{ name: 'minute', limit: 5, windowSeconds: 60 }],
      store: redisRateLimitStore(client),
      prefix: 'noscript:',
    })
    await limiter.consume('k')
    const evalshaBefore = await commandCalls('evalsha')
    const evalBefore = await commandCalls('eval')
    await limiter.consume('k')
    expect(await commandCalls('evalsha')).toBe(evalshaBefore + 1)
    expect(await commandCalls('eval')).toBe(evalBefore)

    await client.script('FLUSH')
    const third = await limiter.consume('k')
    expect(third).toMatchObject({ allowed: true })
    expect(third.policies[0]?.remaining).toBe(2)
    expect(await commandCalls('eval')).toBe(evalBefore + 1) // NOSCRIPT answered, resent as EVAL
    const fourth = await limiter.consume('k')
    expect(fourth.policies[0]?.remaining).toBe(1)
  })

  it('admits exactly 100 of 1,000 concurrent consumes from two separate Node processes', async () => {
    const worker = fileURLToPath(new URL('./redis-worker.fixture.ts', import.meta.url))
    const startWorker = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker, server.url, '500'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let out = ''
      let err = ''
      child.stderr.on('data', (chunk) => {
        err += chunk
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), 25_000)
      const ready = new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk) => {
          out += chunk
          if (out.startsWith('ready\n')) resolve()
        })
      })
      const report = new Promise<WorkerReport>((resolve, reject) => {
        child.on('exit', (code) => {
          clearTimeout(timer)
          if (code === 0) resolve(JSON.parse(out.slice('ready\n'.length)) as WorkerReport)
          else reject(new Error(`worker exited with ${code}: ${err}`))
        })
      })
      return { child, ready, report }
    }
    const workers = [startWorker(), startWorker()]
    await Promise.race([
      Promise.all(workers.map((w) => w.ready)),
      Promise.all(workers.map((w) => w.report)), // a worker that dies before ready fails the test here
    ])
    for (const w of workers) w.child.stdin.write('go\n')
    const [first, second] = await Promise.all(workers.map((w) => w.report))
    expect(first!.admitted + second!.admitted).toBe(100)
    // Both processes were firing at the same time: their busy periods overlap.
    expect(first!.firedAt).toBeLessThanOrEqual(second!.doneAt)
    expect(second!.firedAt).toBeLessThanOrEqual(first!.doneAt)
  })

  it('fails open or closed within a bounded time while Redis is down, and recovers when it returns', async () => {
    const store = redisRateLimitStore(client)
    const policies = [{ name: 'minute', limit: 10, windowSeconds: 60 }]
    const open = createRateLimiter({ policies, store, failure: 'open', storeTimeoutMs: 300, prefix: 'down:' })
    const closed = createRateLimiter({
      policies,
      store,
      failure: 'closed',
      storeTimeoutMs: 300,
      prefix: 'down:',
    })
    expect((await open.consume('k')).storeFailed).toBeUndefined()

    await server.kill()
    try {
      let started = performance.now()
      const admitted = await open.consume('k')
      expect(performance.now() - started).toBeLessThan(1_000)
      expect(admitted).toMatchObject({ allowed: true, storeFailed: true })

      started = performance.now()
      const failure = await closed.consume('k').then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(performance.now() - started).toBeLessThan(1_000)
      expect(failure).toBeInstanceOf(StoreUnavailableError)
    } finally {
      await server.start()
    }

    const deadline = Date.now() + 15_000
    let recovered = false
    while (!recovered && Date.now() < deadline) {
      const decision = await open.consume('k')
      recovered = decision.storeFailed !== true
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(recovered).toBe(true)
    const afterClosed = await closed.consume('k')
    expect(afterClosed.allowed).toBe(true)
    expect(afterClosed.storeFailed).toBeUndefined()
    expect(afterClosed.policies[0]?.remaining).toBe(8) // a fresh server: two counted since it came back
  })
})
