/**
 * A separate Node process that uses the idempotency guard, for the cross-process tests
 * (run as `node --import tsx contender.ts '<json>'`).
 * - `race`: reports `ready`, waits for `go` on stdin, then fires `requests` concurrent requests with one key, each retrying on conflict until
 *   it runs the work or gets a replay; prints a JSON summary.
 * - `hold`: claims the key, keeps the lease alive with a heartbeat, prints `claimed` and waits to be killed.
 */
import { Redis } from 'ioredis'
import { createIdempotencyGuard, type IdempotencyGuard } from '../engine.js'
import type { IdempotencyStore } from '../store.js'
import { createRedisIdempotencyStore } from '../stores/redis.js'
import { createSqliteIdempotencyStore } from '../stores/sqlite.js'
import { type ContenderTask, contenderRequest, type RaceSummary } from './contender-task.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let conflicts = 0

async function oneRequest(guard: IdempotencyGuard, task: ContenderTask, redis: Redis | undefined) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const decision = await guard.begin(contenderRequest(task.key))
    if (decision.kind === 'proceed') {
      // The work's side effect, counted in Redis so the parent sees executions from every process.
      await redis?.incr(`work-count:${task.key}`)
      await sleep(task.workMs ?? 50)
      const body = `executed by ${process.pid}`
      await decision.lease.complete({ status: 201, headers: { 'content-type': 'text/plain' }, body })
      return { executed: true, body }
    }
    if (decision.kind === 'replay')
      return { executed: false, body: Buffer.from(decision.response.body).toString() }
    if (decision.kind === 'mismatch') throw new Error('unexpected mismatch')
    conflicts++
    await sleep(20)
  }
  throw new Error('no decision after 400 attempts')
}

function waitForGo(): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = ''
    const timer = setTimeout(() => reject(new Error('no go signal within 30 s')), 30_000)
    process.stdin.on('data', (chunk: Buffer) => {
      received += chunk.toString()
      if (received.includes('go')) {
        clearTimeout(timer)
        process.stdin.destroy()
        resolve()
      }
    })
  })
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as ContenderTask
  let redis: Redis | undefined
  let store: IdempotencyStore
  if (task.store === 'redis') {
    redis = new Redis(task.location, { enableOfflineQueue: true })
    store = createRedisIdempotencyStore({ client: redis })
  } else {
    store = createSqliteIdempotencyStore({ database: task.location })
  }
  const guard = createIdempotencyGuard({ store, lockTtlMs: task.lockTtlMs, storeTimeoutMs: 2000 })

  if (task.mode === 'hold') {
    const decision = await guard.begin(contenderRequest(task.key))
    if (decision.kind !== 'proceed') throw new Error(`expected to claim, got ${decision.kind}`)
    decision.lease.startHeartbeat()
    process.stdout.write('claimed\n')
    // Keeps the process (and its heartbeat) alive until the parent kills it; bounded at one minute.
    setTimeout(() => process.exit(3), 60_000)
    return
  }

  // Barrier: every racer reports ready, and all start when the parent writes `go`.
  await redis?.ping()
  process.stdout.write('ready\n')
  await waitForGo()
  const results = await Promise.all(
    Array.from({ length: task.requests ?? 1 }, () => oneRequest(guard, task, redis)),
  )
  const summary: RaceSummary = {
    pid: process.pid,
    executed: results.filter((r) => r.executed).length,
    replayed: results.filter((r) => !r.executed).length,
    bodies: results.map((r) => r.body),
    conflicts,
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`)
  redis?.disconnect()
}

await main()
