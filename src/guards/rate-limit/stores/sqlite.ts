/**
 * SQLite store (better-sqlite3): state survives restarts and is shared by every process that opens
 * the same file. One IMMEDIATE transaction per decision takes the write lock before reading, so two
 * processes cannot both admit the last unit. One row per (key, policy) keeps state valid when
 * policies are added or removed. The database is switched to WAL on first use.
 *
 * better-sqlite3 is synchronous: a locked database waits up to the connection's `timeout` option
 * on the event loop, so open shared files with a short one (e.g. `new Database(file, { timeout: 100 })`).
 */
import type { Database, Statement } from 'better-sqlite3'
import type { RateLimitDecision } from '../decision.js'
import { applyBlock, BLOCK_SLOT, evaluatePlan, policySlot, stateExpiresAt, stateLength } from '../evaluate.js'
import type { RateLimitPlan } from '../policy.js'
import type { RateLimitStore } from '../store.js'

export interface SqliteRateLimitStoreOptions {
  /** Default `faultline_rate_limit`. */
  readonly table?: string
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number
  /** Expired rows are swept every this many writes. Default 1,000. */
  readonly sweepEvery?: number
}

export interface SqliteRateLimitStore extends RateLimitStore {
  consume(key: string, plan: RateLimitPlan, cost: number): RateLimitDecision
  peek(key: string, plan: RateLimitPlan, cost: number): RateLimitDecision
  block(key: string, plan: RateLimitPlan, durationMs: number): void
  reset(key: string, plan: RateLimitPlan): void
}

/** The block row's policy column; policy state ids always contain a dot, so they never collide. */
const BLOCK_ROW = 'block'

interface StateRow {
  policy: string
  a: number
  b: number
  c: number
}

interface Statements {
  select: Statement<[string], StateRow>
  upsert: Statement<[string, string, number, number, number, number]>
  deleteKey: Statement<[string]>
  sweep: Statement<[number]>
}

export function sqliteRateLimitStore(
  db: Database,
  options: SqliteRateLimitStoreOptions = {},
): SqliteRateLimitStore {
  const table = options.table ?? 'faultline_rate_limit'
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) throw new RangeError(`invalid table name ${table}`)
  const clock = options.clock ?? Date.now
  const sweepEvery = options.sweepEvery ?? 1_000
  let statements: Statements | undefined
  let writes = 0

  // Created lazily so constructing a store never touches the database.
  const prepared = (): Statements => {
    if (statements) return statements
    db.pragma('journal_mode = WAL')
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
      key TEXT NOT NULL,
      policy TEXT NOT NULL,
      a REAL NOT NULL,
      b REAL NOT NULL,
      c REAL NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (key, policy)
    ) WITHOUT ROWID`)
    db.exec(`CREATE INDEX IF NOT EXISTS ${table}_expires ON ${table} (expires_at)`)
    statements = {
      select: db.prepare(`SELECT policy, a, b, c FROM ${table} WHERE key = ?`),
      upsert: db.prepare(
        `INSERT INTO ${table} (key, policy, a, b, c, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (key, policy) DO UPDATE SET a = excluded.a, b = excluded.b, c = excluded.c,
         expires_at = excluded.expires_at`,
      ),
      deleteKey: db.prepare(`DELETE FROM ${table} WHERE key = ?`),
      sweep: db.prepare(
        `DELETE FROM ${table} WHERE (key, policy) IN
         (SELECT key, policy FROM ${table} WHERE expires_at < ? LIMIT 500)`,
      ),
    }
    return statements
  }

  const load = (s: Statements, key: string, plan: RateLimitPlan): Float64Array => {
    const state = new Float64Array(stateLength(plan))
    const policies = plan.policies
    for (const row of s.select.all(key)) {
      if (row.policy === BLOCK_ROW) {
        state[BLOCK_SLOT] = row.a
        continue
      }
      const index = policies.findIndex((p) => p.stateId === row.policy)
      if (index < 0) continue
      const at = policySlot(index)
      state[at] = row.a
      state[at + 1] = row.b
      state[at + 2] = row.c
    }
    return state
  }

  const save = (s: Statements, key: string, plan: RateLimitPlan, state: Float64Array, now: number): void => {
    const expiresAt = Math.ceil(stateExpiresAt(plan, state, now))
    if (state[BLOCK_SLOT]! > now) s.upsert.run(key, BLOCK_ROW, state[BLOCK_SLOT]!, 0, 0, expiresAt)
    plan.policies.forEach((policy, index) => {
      const at = policySlot(index)
      s.upsert.run(key, policy.stateId, state[at]!, state[at + 1]!, state[at + 2]!, expiresAt)
    })
    if (++writes % sweepEvery === 0) s.sweep.run(now)
  }

  const consumeTx = (key: string, plan: RateLimitPlan, cost: number): RateLimitDecision => {
    const s = prepared()
    const now = clock()
    const state = load(s, key, plan)
    const decision = evaluatePlan(plan, state, now, cost, true)
    if (decision.allowed) save(s, key, plan, state, now)
    return decision
  }
  const blockTx = (key: string, plan: RateLimitPlan, durationMs: number): void => {
    const s = prepared()
    const now = clock()
    const state = load(s, key, plan)
    applyBlock(state, now, durationMs)
    save(s, key, plan, state, now)
  }
  let transactions: { consume: typeof consumeTx; block: typeof blockTx } | undefined
  const tx = () => {
    prepared()
    transactions ??= {
      consume: db.transaction(consumeTx).immediate,
      block: db.transaction(blockTx).immediate,
    }
    return transactions
  }

  return {
    consume: (key, plan, cost) => tx().consume(key, plan, cost),
    peek(key, plan, cost) {
      const s = prepared()
      return evaluatePlan(plan, load(s, key, plan), clock(), cost, false)
    },
    block: (key, plan, durationMs) => tx().block(key, plan, durationMs),
    reset(key) {
      prepared().deleteKey.run(key)
    },
  }
}
