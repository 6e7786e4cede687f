import { timingSafeEqual } from 'node:crypto'
import { toValidationIssue } from 'faultline'
import { z } from 'zod'
import type { Db } from './db.js'
import { errors } from './errors.js'

export const webhookPayload = z.object({
  event: z.enum(['message.created', 'run.requested']),
  data: z.object({ text: z.string().min(1).max(10_000) }),
})

export function findWebhookAgent(db: Db, agentId: string) {
  const row = db.prepare('SELECT id, workspace_id, webhook_secret FROM agents WHERE id = ?').get(agentId) as
    | { id: string; workspace_id: string; webhook_secret: string }
    | undefined
  if (!row) throw errors.AGENT_NOT_FOUND({ details: { agentId } })
  return row
}

/** Constant-time comparison, so the secret cannot be guessed byte by byte from response times. */
export function checkSecret(expected: string, given: string | undefined): void {
  const a = Buffer.from(expected)
  const b = Buffer.from(given ?? '')
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw errors.WEBHOOK_SECRET_INVALID()
}

export function parsePayload(body: unknown) {
  const parsed = webhookPayload.safeParse(body)
  if (parsed.success) return parsed.data
  throw errors.WEBHOOK_PAYLOAD_INVALID({ details: { issues: parsed.error.issues.map(toValidationIssue) } })
}
