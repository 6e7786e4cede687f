import { withDeadline } from 'faultline/guards'
import { z } from 'zod'
import type { Agent } from './agents.js'
import { type Db, newId } from './db.js'
import { errors } from './errors.js'
import { generate } from './model.js'

export const createRunBody = z.object({
  input: z.string().min(1).max(10_000),
  model: z.string().default('fast-1'),
  maxTokens: z.number().int().min(1).max(10_000).default(16),
})

export type CreateRunBody = z.input<typeof createRunBody>

type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled'

interface RunRow {
  id: string
  agent_id: string
  status: RunStatus
  input: string
  output: string | null
  error_code: string | null
  created_at: string
  finished_at: string | null
}

function toRun(row: RunRow) {
  return {
    id: row.id,
    agentId: row.agent_id,
    status: row.status,
    input: row.input,
    output: row.output,
    errorCode: row.error_code,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

export interface RunContext {
  readonly db: Db
  readonly modelUrl: string
  readonly budgetMs: number
}

/** Runs in flight in this process, so a cancel request can stop the model call. */
const active = new Map<string, AbortController>()

function startRun(db: Db, agent: Agent, input: string): RunRow {
  const row: RunRow = {
    id: newId('run'),
    agent_id: agent.id,
    status: 'running',
    input,
    output: null,
    error_code: null,
    created_at: new Date().toISOString(),
    finished_at: null,
  }
  try {
    db.prepare(
      'INSERT INTO runs (id, agent_id, status, input, created_at) VALUES (@id, @agent_id, @status, @input, @created_at)',
    ).run(row)
  } catch (cause) {
    // The partial unique index allows one running run per agent: the database decides, atomically.
    if ((cause as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw cause
    const running = db
      .prepare("SELECT id FROM runs WHERE agent_id = ? AND status = 'running'")
      .get(agent.id) as { id: string } | undefined
    throw errors.AGENT_ALREADY_RUNNING({ details: { runId: running?.id ?? 'unknown' }, cause })
  }
  return row
}

function finish(db: Db, runId: string, status: RunStatus, output: string | null, errorCode: string | null) {
  db.prepare(
    "UPDATE runs SET status = ?, output = ?, error_code = ?, finished_at = ? WHERE id = ? AND status = 'running'",
  ).run(status, output, errorCode, new Date().toISOString(), runId)
}

/** Creates a run and executes the model within the budget; the run records how it ended. */
export async function executeRun(ctx: RunContext, agent: Agent, body: z.output<typeof createRunBody>) {
  const row = startRun(ctx.db, agent, body.input)
  const cancel = new AbortController()
  active.set(row.id, cancel)
  try {
    const generation = await withDeadline(
      ctx.budgetMs,
      (signal) =>
        generate(
          ctx.modelUrl,
          { model: body.model, prompt: body.input, maxTokens: body.maxTokens },
          AbortSignal.any([signal, cancel.signal]),
        ),
      { onExpire: () => errors.CHAT_TIMEOUT() },
    )
    finish(ctx.db, row.id, 'succeeded', generation.text, null)
  } catch (failure) {
    if (cancel.signal.aborted) {
      finish(ctx.db, row.id, 'cancelled', null, null)
    } else {
      finish(ctx.db, row.id, 'failed', null, errors.is(failure) ? failure.code : 'INTERNAL_ERROR')
      throw failure
    }
  } finally {
    active.delete(row.id)
  }
  return getRun(ctx.db, agent, row.id)
}

export function getRun(db: Db, agent: Agent, runId: string) {
  const row = db.prepare('SELECT * FROM runs WHERE id = ? AND agent_id = ?').get(runId, agent.id) as
    | RunRow
    | undefined
  if (!row) throw errors.RUN_NOT_FOUND({ details: { runId } })
  return toRun(row)
}

export function listRuns(db: Db, agent: Agent) {
  return (
    db
      .prepare('SELECT * FROM runs WHERE agent_id = ? ORDER BY created_at DESC LIMIT 100')
      .all(agent.id) as RunRow[]
  ).map(toRun)
}

export function cancelRun(db: Db, agent: Agent, runId: string) {
  const run = getRun(db, agent, runId)
  if (run.status !== 'running') throw errors.RUN_NOT_CANCELLABLE({ details: { runId, status: run.status } })
  const controller = active.get(runId)
  if (controller) controller.abort()
  else finish(db, runId, 'cancelled', null, null) // running in a process that died: mark it here
  return { ...run, status: 'cancelled' as const }
}

/** Only a failed or cancelled run can be retried; anything else is a state machine violation. */
export async function retryRun(ctx: RunContext, agent: Agent, runId: string) {
  const run = getRun(ctx.db, agent, runId)
  if (run.status !== 'failed' && run.status !== 'cancelled') {
    throw errors.INVALID_STATE_TRANSITION({ details: { runId, from: run.status, to: 'running' } })
  }
  return executeRun(ctx, agent, { input: run.input, model: 'fast-1', maxTokens: 16 })
}
