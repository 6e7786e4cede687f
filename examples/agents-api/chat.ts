import { ClientGoneError, type Quota, withDeadline } from 'faultline/guards'
import { z } from 'zod'
import { type Db, newId } from './db.js'
import { errors } from './errors.js'
import { generate, stream } from './model.js'
import type { Workspace } from './workspaces.js'

export const chatBody = z.object({
  prompt: z.string().min(1).max(10_000),
  model: z.string().default('fast-1'),
  maxTokens: z.number().int().min(1).max(10_000).default(16),
})

export interface ChatContext {
  readonly db: Db
  readonly modelUrl: string
  readonly budgetMs: number
  /** Messages per workspace per month, from the plan. */
  readonly quota: Quota<'messages'>
}

/** Takes one message from the month's allowance; a refused reservation is the plan's 402. */
async function reserveMessage(ctx: ChatContext, workspace: Workspace) {
  const decision = await ctx.quota.reserve(workspace.id, 'messages')
  if (!decision.ok) {
    const { resource, limit, current } = decision
    throw errors.PLAN_LIMIT_REACHED({ details: { resource, limit, current } })
  }
  return decision.reservation
}

function save(db: Db, workspace: Workspace, prompt: string, answer: string) {
  const id = newId('msg')
  db.prepare(
    'INSERT INTO messages (id, workspace_id, prompt, answer, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(id, workspace.id, prompt, answer, new Date().toISOString())
  return id
}

/** One answer within the budget (CHAT_TIMEOUT past it); saved only when complete. */
export async function chat(
  ctx: ChatContext,
  workspace: Workspace,
  body: z.output<typeof chatBody>,
  signal: AbortSignal,
) {
  const reservation = await reserveMessage(ctx, workspace)
  try {
    const generation = await withDeadline(
      ctx.budgetMs,
      (budget) => generate(ctx.modelUrl, { ...body }, AbortSignal.any([budget, signal])),
      { signal, onExpire: () => errors.CHAT_TIMEOUT() },
    )
    const id = save(ctx.db, workspace, body.prompt, generation.text)
    await reservation.commit()
    return { id, answer: generation.text, tokens: generation.tokens }
  } catch (failure) {
    // A message that was never answered does not count against the plan.
    await reservation.refund()
    throw failure
  }
}

/**
 * Streams an answer chunk by chunk. When the client disconnects mid-stream the model call is aborted,
 * nothing is saved, and the caller gets STREAM_ABORTED (499) to log.
 */
export async function* chatStream(
  ctx: ChatContext,
  workspace: Workspace,
  body: z.output<typeof chatBody>,
  signal: AbortSignal,
): AsyncGenerator<string> {
  const reservation = await reserveMessage(ctx, workspace)
  let answer = ''
  try {
    for await (const chunk of stream(ctx.modelUrl, { ...body }, signal)) {
      if (signal.aborted) break
      answer += chunk
      yield chunk
    }
  } catch (failure) {
    await reservation.refund()
    if (signal.aborted) throw errors.STREAM_ABORTED({ cause: failure })
    throw failure
  }
  if (signal.aborted) {
    await reservation.refund()
    throw errors.STREAM_ABORTED({ cause: new ClientGoneError() })
  }
  save(ctx.db, workspace, body.prompt, answer.trim())
  await reservation.commit()
}

export function countMessages(db: Db, workspace: Workspace): number {
  return (
    db.prepare('SELECT count(*) AS n FROM messages WHERE workspace_id = ?').get(workspace.id) as { n: number }
  ).n
}
