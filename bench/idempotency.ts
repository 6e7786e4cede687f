/**
 * What the idempotency guard costs per request: begin + complete on a first execution, and begin on a
 * replay, for the SQLite and Redis stores (memory for reference), against the same handler with no
 * guard, measured in the same run. Run: `node --import tsx bench/idempotency.ts` (under a minute).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  createIdempotencyGuard,
  createMemoryIdempotencyStore,
  fingerprintRequest,
  type IdempotencyStore,
} from 'faultline/guards'
import { createRedisIdempotencyStore } from 'faultline/redis'
import { createSqliteIdempotencyStore } from 'faultline/sqlite'
import { Redis } from 'ioredis'
import { startRedisServer } from '../test/support/redis-server.js'

export interface IdempotencyBenchRow {
  readonly store: 'none' | 'memory' | 'sqlite' | 'redis'
  readonly scenario: 'baseline' | 'first execution' | 'replay'
  readonly ops: number
  readonly microsPerOp: number
  /** microsPerOp divided by the no-guard baseline's. */
  readonly ratio: number
}

export interface IdempotencyBenchOptions {
  /** Time spent per measured case; default 1500 ms. */
  readonly budgetMs?: number
  /** Upper bound on operations per case; default 20 000. */
  readonly maxOps?: number
}

const requestBody = {
  amount: 4200,
  currency: 'eur',
  customer: 'cus_123',
  metadata: { order: 'ord_9', items: 3 },
}

/** The handler every case runs: builds a small JSON response, as a create endpoint would. */
async function handler(sequence: number): Promise<Uint8Array> {
  return Buffer.from(JSON.stringify({ id: `pay_${sequence}`, status: 'succeeded', ...requestBody }))
}

async function measure(
  budgetMs: number,
  maxOps: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ ops: number; micros: number }> {
  for (let i = 0; i < 200; i++) await op(-1 - i)
  const started = performance.now()
  let ops = 0
  while (ops < maxOps && performance.now() - started < budgetMs) {
    await op(ops)
    ops++
  }
  return { ops, micros: ((performance.now() - started) * 1000) / ops }
}

async function measureStore(
  name: IdempotencyBenchRow['store'],
  store: IdempotencyStore,
  budgetMs: number,
  maxOps: number,
): Promise<Array<Omit<IdempotencyBenchRow, 'ratio'>>> {
  const guard = createIdempotencyGuard({ store, storeTimeoutMs: 5000 })
  const run = `${name}-${Date.now()}`
  const begin = (key: string) =>
    guard.begin({
      key,
      tenant: 'bench',
      method: 'POST',
      path: '/payments',
      fingerprint: fingerprintRequest({ method: 'POST', path: '/payments', body: requestBody }),
    })
  const first = await measure(budgetMs, maxOps, async (i) => {
    const decision = await begin(`${run}-${i}`)
    if (decision.kind !== 'proceed') throw new Error(`expected proceed, got ${decision.kind}`)
    const body = await handler(i)
    await decision.lease.complete({ status: 201, headers: { 'content-type': 'application/json' }, body })
  })
  const replayKey = `${run}-replayed`
  const seeded = await begin(replayKey)
  if (seeded.kind !== 'proceed') throw new Error('could not seed the replayed key')
  await seeded.lease.complete({
    status: 201,
    headers: { 'content-type': 'application/json' },
    body: await handler(0),
  })
  const replay = await measure(budgetMs, maxOps, async () => {
    const decision = await begin(replayKey)
    if (decision.kind !== 'replay') throw new Error(`expected replay, got ${decision.kind}`)
  })
  return [
    { store: name, scenario: 'first execution', ops: first.ops, microsPerOp: first.micros },
    { store: name, scenario: 'replay', ops: replay.ops, microsPerOp: replay.micros },
  ]
}

export async function runIdempotencyBench(
  options: IdempotencyBenchOptions = {},
): Promise<IdempotencyBenchRow[]> {
  const budgetMs = options.budgetMs ?? 1500
  const maxOps = options.maxOps ?? 20_000
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-idem-'))
  const server = await startRedisServer()
  const client = new Redis(server.url, { enableOfflineQueue: false })
  const sqlite = createSqliteIdempotencyStore({ database: join(dir, 'bench.db') })
  try {
    await new Promise<void>((resolve) =>
      client.status === 'ready' ? resolve() : client.once('ready', () => resolve()),
    )
    const baseline = await measure(budgetMs, maxOps, (i) => handler(i))
    const measured = [
      {
        store: 'none' as const,
        scenario: 'baseline' as const,
        ops: baseline.ops,
        microsPerOp: baseline.micros,
      },
      ...(await measureStore(
        'memory',
        createMemoryIdempotencyStore({ maxEntries: 100_000 }),
        budgetMs,
        maxOps,
      )),
      ...(await measureStore('sqlite', sqlite, budgetMs, maxOps)),
      ...(await measureStore('redis', createRedisIdempotencyStore({ client }), budgetMs, maxOps)),
    ]
    return measured.map((row) => ({ ...row, ratio: row.microsPerOp / baseline.micros }))
  } finally {
    sqlite.close()
    client.disconnect()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function formatIdempotencyBench(rows: readonly IdempotencyBenchRow[]): string {
  const header = ['store', 'scenario', 'ops', 'µs/op', 'x baseline']
  const lines = rows.map((r) => [
    r.store,
    r.scenario,
    String(r.ops),
    r.microsPerOp.toFixed(2),
    r.ratio.toFixed(1),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runIdempotencyBench()
  console.log(formatIdempotencyBench(rows))
}
