import type { Principal } from './auth.js'
import type { Db } from './db.js'
import { errors } from './errors.js'

export type Role = 'owner' | 'admin' | 'member'

export interface Workspace {
  readonly id: string
  readonly name: string
  readonly ownerId: string
  readonly planId: string
  readonly role: Role
}

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 }

/** The workspace as the caller sees it; 404 when it does not exist, 403 when the caller is not a member. */
export function openWorkspace(
  db: Db,
  principal: Principal,
  workspaceId: string,
  minimumRole: Role = 'member',
): Workspace {
  const ws = db.prepare('SELECT id, name, owner_id, plan_id FROM workspaces WHERE id = ?').get(workspaceId) as
    | { id: string; name: string; owner_id: string; plan_id: string }
    | undefined
  if (!ws) throw errors.WORKSPACE_NOT_FOUND({ details: { workspaceId } })
  const member = db
    .prepare('SELECT role FROM members WHERE workspace_id = ? AND user_id = ?')
    .get(workspaceId, principal.userId) as { role: Role } | undefined
  if (!member) throw errors.PERMISSION_DENIED({ details: { workspaceId } })
  if (RANK[member.role] < RANK[minimumRole]) {
    throw errors.PERMISSION_DENIED({ details: { workspaceId, requiredRole: minimumRole } })
  }
  return { id: ws.id, name: ws.name, ownerId: ws.owner_id, planId: ws.plan_id, role: member.role }
}

export function listMembers(db: Db, workspace: Workspace) {
  return db.prepare('SELECT user_id AS userId, role FROM members WHERE workspace_id = ?').all(workspace.id)
}

export function changeRole(db: Db, workspace: Workspace, userId: string, role: Exclude<Role, 'owner'>) {
  const member = db
    .prepare('SELECT role FROM members WHERE workspace_id = ? AND user_id = ?')
    .get(workspace.id, userId) as { role: Role } | undefined
  if (!member) throw errors.MEMBER_NOT_FOUND()
  if (member.role === 'owner') throw errors.ROLE_CHANGE_FORBIDDEN()
  db.prepare('UPDATE members SET role = ? WHERE workspace_id = ? AND user_id = ?').run(
    role,
    workspace.id,
    userId,
  )
  return { userId, role }
}

export function planOf(db: Db, workspace: Workspace): { maxAgents: number; maxVaultSites: number } {
  const plan = db
    .prepare('SELECT max_agents, max_vault_sites FROM plans WHERE id = ?')
    .get(workspace.planId) as {
    max_agents: number
    max_vault_sites: number
  }
  return { maxAgents: plan.max_agents, maxVaultSites: plan.max_vault_sites }
}
