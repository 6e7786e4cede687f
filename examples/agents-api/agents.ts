import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { type Db, newId } from './db.js'
import { errors } from './errors.js'
import { planOf, type Workspace } from './workspaces.js'

/** Seed 001's rules: name 1–255 characters; identifier 1–50, starts with a letter or digit, lowercase, digits, hyphens. */
export const createAgentBody = z.object({
  name: z.string().min(1).max(255),
  identifier: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,49}$/,
      'Identifier must be 1-50 characters, start with a letter or number, and contain only lowercase letters, numbers, and hyphens',
    ),
})

export type CreateAgentBody = z.infer<typeof createAgentBody>

interface AgentRow {
  id: string
  workspace_id: string
  name: string
  identifier: string
  is_default: number
  created_at: string
}

export function toAgent(row: AgentRow) {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    identifier: row.identifier,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
  }
}

export type Agent = ReturnType<typeof toAgent>

export function listAgents(db: Db, workspace: Workspace): Agent[] {
  const rows = db.prepare('SELECT * FROM agents WHERE workspace_id = ? ORDER BY created_at').all(workspace.id)
  return (rows as AgentRow[]).map(toAgent)
}

export function getAgent(db: Db, workspace: Workspace, agentId: string): Agent & { webhookSecret: string } {
  const row = db
    .prepare('SELECT * FROM agents WHERE id = ? AND workspace_id = ?')
    .get(agentId, workspace.id) as (AgentRow & { webhook_secret: string }) | undefined
  if (!row) throw errors.AGENT_NOT_FOUND({ details: { agentId } })
  return { ...toAgent(row), webhookSecret: row.webhook_secret }
}

/** Count and insert in one transaction, so two concurrent creates cannot both take the last slot. */
export function createAgent(db: Db, workspace: Workspace, body: CreateAgentBody): Agent {
  const { maxAgents } = planOf(db, workspace)
  return db.transaction(() => {
    const { n } = db.prepare('SELECT count(*) AS n FROM agents WHERE workspace_id = ?').get(workspace.id) as {
      n: number
    }
    if (n >= maxAgents) {
      throw errors.PLAN_LIMIT_REACHED({ details: { resource: 'agents', limit: maxAgents, current: n } })
    }
    const taken = db
      .prepare('SELECT 1 FROM agents WHERE workspace_id = ? AND identifier = ?')
      .get(workspace.id, body.identifier)
    if (taken) throw errors.AGENT_IDENTIFIER_TAKEN({ details: { identifier: body.identifier } })
    const row: AgentRow & { webhook_secret: string } = {
      id: newId('agt'),
      workspace_id: workspace.id,
      name: body.name,
      identifier: body.identifier,
      is_default: 0,
      webhook_secret: `whsec_${randomBytes(12).toString('base64url')}`,
      created_at: new Date().toISOString(),
    }
    db.prepare(
      'INSERT INTO agents (id, workspace_id, name, identifier, is_default, webhook_secret, created_at) VALUES (@id, @workspace_id, @name, @identifier, @is_default, @webhook_secret, @created_at)',
    ).run(row)
    return toAgent(row)
  })()
}

export function deleteAgent(db: Db, workspace: Workspace, agentId: string): void {
  const agent = getAgent(db, workspace, agentId)
  if (agent.isDefault) throw errors.DEFAULT_AGENT_UNDELETABLE()
  db.transaction(() => {
    db.prepare('DELETE FROM runs WHERE agent_id = ?').run(agentId)
    db.prepare('DELETE FROM agents WHERE id = ?').run(agentId)
  })()
}
