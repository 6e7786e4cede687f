import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envelopeProblem } from './support/envelope.js'
import { LeakScanner } from './support/leak-scanner.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import { Tally } from './support/tally.js'

const tally = new Tally('faults-sqlite')
const leaks = new LeakScanner()
const dir = mkdtempSync(join(tmpdir(), 'faultline-sqlite-lock-'))
const file = join(dir, 'guards.db')

/** Another process holding `BEGIN EXCLUSIVE` on the file until told to let go (a line on stdin). */
async function holdExclusiveLock(path: string): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(${JSON.stringify(path)})
    db.exec('BEGIN EXCLUSIVE')
    process.stdout.write('locked\\n')
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0) })
  `
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve())
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)))
  })
  return child
}

async function call(url: string, init: RequestInit = {}) {
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

describe('the SQLite file locked by another process', () => {
  let open: ServerProcess
  let closed: ServerProcess

  beforeAll(async () => {
    const common = { HARDENING_ADAPTER: 'hono', HARDENING_STORE: 'sqlite', HARDENING_SQLITE_FILE: file }
    open = await startServerProcess({
      ...common,
      HARDENING_RL_FAILURE: 'open',
      HARDENING_IDEM_FAILURE: 'open',
    })
    closed = await startServerProcess({
      ...common,
      HARDENING_RL_FAILURE: 'closed',
      HARDENING_IDEM_FAILURE: 'closed',
    })
    // Both servers create their tables before the lock is taken.
    await call(`${open.url}/limited`)
    await call(`${closed.url}/idem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'warm' },
      body: '{}',
    })
  })

  afterAll(async () => {
    await Promise.all([open?.stop(), closed?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers per each failure policy, without driver text, and recovers when the lock is released', async () => {
    const holder = await holdExclusiveLock(file)
    try {
      for (let i = 0; i < 5; i++) {
        const a = await call(`${open.url}/limited`, { headers: { 'x-client': `o${i}` } })
        tally.check('open while locked', a.status === 200 ? undefined : `status ${a.status} ${a.body}`)
        const b = await call(`${closed.url}/limited`, { headers: { 'x-client': `c${i}` } })
        tally.check(
          'closed while locked',
          b.status === 503 ? envelopeProblem(b, 'SERVICE_UNAVAILABLE') : `status ${b.status}`,
        )
        tally.check('closed latency while locked', b.ms < 2_000 ? undefined : `${Math.round(b.ms)} ms`)
        const c = await call(`${closed.url}/idem`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `locked-${i}` },
          body: '{}',
        })
        tally.check(
          'idempotency closed while locked',
          c.status === 503 ? envelopeProblem(c, 'SERVICE_UNAVAILABLE') : `status ${c.status}`,
        )
      }
    } finally {
      holder.stdin?.write('release\n')
      await new Promise((resolve) => holder.once('exit', resolve))
    }
    const a = await call(`${closed.url}/limited`, { headers: { 'x-client': 'after' } })
    expect(a.status).toBe(200)
    const b = await call(`${closed.url}/idem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'after' },
      body: '{}',
    })
    expect(b.status).toBe(201)
    expect(tally.failures).toEqual([])
  }, 60_000)
})

afterAll(() => {
  const findings = leaks.findings()
  tally.check('leak audit', findings.length === 0 ? undefined : JSON.stringify(findings.slice(0, 3)))
  console.log(`${tally.summary()} (${leaks.count} responses scanned)`)
  expect(findings).toEqual([])
  expect(tally.failures).toEqual([])
})
