import { toValidationIssue } from 'faultline'
import { z } from 'zod'
import { type Db, newId } from './db.js'
import { errors } from './errors.js'
import { planOf, type Workspace } from './workspaces.js'

export const addTokenBody = z.object({
  site: z.string().min(1).max(2048),
  token: z.string().min(1).max(4096),
})
export type AddTokenBody = z.infer<typeof addTokenBody>

const manifestSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  tools: z.array(z.object({ id: z.string().min(1), description: z.string() })).min(1),
})

/** The site calls an agent makes go through a limiter shared by every instance (10/min per domain). */
export interface OutgoingGate {
  acquire(url: URL): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>
  observe(url: URL, response: { status: number; headers: Headers }): Promise<void>
}

export interface VaultContext {
  readonly db: Db
  readonly gate: OutgoingGate
  /** Hosts the server may call; the API fetches what users give it, so it must not reach arbitrary hosts. */
  readonly allowedHosts: ReadonlySet<string>
  readonly fetchTimeoutMs: number
}

export function parseSite(ctx: VaultContext, site: string): URL {
  let url: URL
  try {
    url = new URL(site)
  } catch {
    throw errors.INVALID_URL({ details: { field: 'site' } })
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !ctx.allowedHosts.has(url.hostname)) {
    throw errors.INVALID_URL({ details: { field: 'site' } })
  }
  return url
}

async function fetchManifest(ctx: VaultContext, site: URL) {
  const manifestUrl = new URL('/.well-known/agent-manifest.json', site)
  const gate = await ctx.gate.acquire(manifestUrl)
  if (!gate.allowed) {
    throw errors.OUTGOING_RATE_LIMITED({
      details: { domain: manifestUrl.hostname },
      headers: { 'retry-after': String(gate.retryAfterSeconds) },
    })
  }
  const response = await fetch(manifestUrl, { signal: AbortSignal.timeout(ctx.fetchTimeoutMs) }).catch(
    (cause: unknown) => {
      throw errors.MANIFEST_NOT_FOUND({ cause })
    },
  )
  await ctx.gate.observe(manifestUrl, response)
  if (!response.ok) {
    await response.body?.cancel()
    throw errors.MANIFEST_NOT_FOUND({ cause: new Error(`manifest answered ${response.status}`) })
  }
  let json: unknown
  try {
    json = await response.json()
  } catch (cause) {
    throw errors.MANIFEST_INVALID({
      details: { issues: [{ path: [], message: 'Manifest is not valid JSON' }] },
      cause,
    })
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    throw errors.MANIFEST_INVALID({ details: { issues: parsed.error.issues.map(toValidationIssue) } })
  }
  return parsed.data
}

export async function addToken(ctx: VaultContext, workspace: Workspace, body: AddTokenBody) {
  const site = parseSite(ctx, body.site)
  const origin = site.origin
  const exists = ctx.db
    .prepare('SELECT 1 FROM vault_tokens WHERE workspace_id = ? AND site = ?')
    .get(workspace.id, origin)
  if (exists) throw errors.TOKEN_EXISTS({ details: { site: origin } })
  const { maxVaultSites } = planOf(ctx.db, workspace)
  const { n } = ctx.db
    .prepare('SELECT count(*) AS n FROM vault_tokens WHERE workspace_id = ?')
    .get(workspace.id) as {
    n: number
  }
  if (n >= maxVaultSites) {
    throw errors.PLAN_LIMIT_REACHED({
      details: { resource: 'vault sites', limit: maxVaultSites, current: n },
    })
  }
  const manifest = await fetchManifest(ctx, site)
  const row = { id: newId('vt'), created_at: new Date().toISOString() }
  try {
    ctx.db
      .prepare(
        'INSERT INTO vault_tokens (id, workspace_id, site, token, manifest, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, workspace.id, origin, body.token, JSON.stringify(manifest), row.created_at)
  } catch (cause) {
    // Another request stored the same site while this one fetched the manifest.
    if ((cause as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw errors.TOKEN_EXISTS({ details: { site: origin } })
    throw cause
  }
  return { id: row.id, site: origin, tools: manifest.tools.map((t) => t.id), createdAt: row.created_at }
}

export function listTokens(db: Db, workspace: Workspace) {
  return db
    .prepare('SELECT id, site, created_at AS createdAt FROM vault_tokens WHERE workspace_id = ?')
    .all(workspace.id)
}
