import { buildOpenApi, renderHtml } from 'faultline/contract'
import type { IdempotencyGuard, Quota, RateLimiter } from 'faultline/guards'
import { faultline, idempotency, rateLimit, reportStreamError, validate } from 'faultline/hono'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { streamText } from 'hono/streaming'
import { z } from 'zod'
import { createAgent, createAgentBody, deleteAgent, getAgent, listAgents } from './agents.js'
import { authenticate, keyFromHeaders, type Principal, requireScope } from './auth.js'
import { chat, chatBody, chatStream } from './chat.js'
import type { Db } from './db.js'
import { errors } from './errors.js'
import { cancelRun, createRunBody, executeRun, getRun, listRuns, retryRun } from './runs.js'
import { addToken, addTokenBody, listTokens, type OutgoingGate } from './vault.js'
import { checkSecret, findWebhookAgent, parsePayload } from './webhooks.js'
import { changeRole, listMembers, openWorkspace } from './workspaces.js'

export interface AppDeps {
  readonly db: Db
  readonly modelUrl: string
  readonly chatBudgetMs: number
  readonly limiter: RateLimiter
  readonly idempotencyGuard: IdempotencyGuard
  readonly quota: Quota<'messages'>
  readonly outgoing: OutgoingGate
  readonly allowedSiteHosts: ReadonlySet<string>
  /** Public base URL, for docs links in every error. */
  readonly baseUrl: string
  readonly onError?: Parameters<typeof faultline>[1]['onError']
}

type Vars = { principal: Principal }

const workspaceParams = z.object({ ws: z.string().min(1).max(64) })
const agentParams = workspaceParams.extend({ agentId: z.string().min(1).max(64) })
const runParams = agentParams.extend({ runId: z.string().min(1).max(64) })
const roleBody = z.object({ role: z.enum(['admin', 'member']) })

export function createApp(deps: AppDeps) {
  const { db } = deps
  const app = new Hono<{ Variables: Vars }>()
  const docsUrl = `${deps.baseUrl}/docs/errors`
  // Browsers may call the API from anywhere; errors keep these headers so the page can read them.
  app.use(
    '*',
    cors({ origin: '*', exposeHeaders: ['x-request-id', 'retry-after', 'ratelimit', 'ratelimit-policy'] }),
  )
  faultline(app, {
    catalog: errors,
    format: 'problem',
    formats: { '/v1/public': 'nestedPublic' },
    docsUrl,
    onError: deps.onError,
  })

  const html = renderHtml(errors, { format: 'problem', title: 'Agents API errors' })
  const openapi = buildOpenApi(errors, { format: 'problem', title: 'Agents API', docsUrl })
  app.get('/', (c) =>
    c.json({
      name: 'Agents API',
      docs: '/docs/errors',
      openapi: '/openapi.json',
      workspaces: '/v1/workspaces/ws_demo',
    }),
  )
  app.get('/health', (c) => c.json({ ok: true }))
  app.get('/docs/errors', (c) => c.html(html))
  app.get('/openapi.json', (c) => c.json(openapi))

  // Everything under /v1 needs an API key, and spends that key's rate budget.
  app.use('/v1/workspaces/*', async (c, next) => {
    const key = keyFromHeaders(c.req.header('authorization'), c.req.header('x-api-key'))
    c.set('principal', authenticate(db, key))
    await next()
  })
  app.use(
    '/v1/workspaces/*',
    rateLimit({ limiter: deps.limiter, catalog: errors, key: (r) => r.context.get('principal')?.keyId }),
  )
  app.use(
    '/v1/workspaces/:ws/agents/:agentId/runs',
    idempotency({
      guard: deps.idempotencyGuard,
      catalog: errors,
      required: (r) => r.method === 'POST',
      tenant: (r) => r.context.get('principal')?.keyId,
    }),
  )

  const scoped = (c: { get(key: 'principal'): Principal }, scope: string) => {
    const principal = c.get('principal')
    requireScope(principal, scope)
    return principal
  }

  app.get('/v1/workspaces/:ws', validate({ params: workspaceParams }), (c) => {
    const ws = openWorkspace(db, c.get('principal'), c.req.valid('param').ws)
    return c.json({ id: ws.id, name: ws.name, role: ws.role })
  })
  app.get('/v1/workspaces/:ws/members', validate({ params: workspaceParams }), (c) => {
    const ws = openWorkspace(db, c.get('principal'), c.req.valid('param').ws)
    return c.json({ data: listMembers(db, ws) })
  })
  app.patch(
    '/v1/workspaces/:ws/members/:userId',
    validate({ params: workspaceParams.extend({ userId: z.string().min(1).max(64) }), body: roleBody }),
    (c) => {
      const principal = scoped(c, 'members:write')
      const { ws: id, userId } = c.req.valid('param')
      const ws = openWorkspace(db, principal, id, 'admin')
      return c.json(changeRole(db, ws, userId, c.req.valid('json').role))
    },
  )

  app.get('/v1/workspaces/:ws/agents', validate({ params: workspaceParams }), (c) => {
    const principal = scoped(c, 'agents:read')
    return c.json({ data: listAgents(db, openWorkspace(db, principal, c.req.valid('param').ws)) })
  })
  app.post('/v1/workspaces/:ws/agents', validate({ params: workspaceParams, body: createAgentBody }), (c) => {
    const principal = scoped(c, 'agents:write')
    const ws = openWorkspace(db, principal, c.req.valid('param').ws)
    return c.json(createAgent(db, ws, c.req.valid('json')), 201)
  })
  app.get('/v1/workspaces/:ws/agents/:agentId', validate({ params: agentParams }), (c) => {
    const principal = scoped(c, 'agents:read')
    const { ws, agentId } = c.req.valid('param')
    const { webhookSecret: _secret, ...agent } = getAgent(db, openWorkspace(db, principal, ws), agentId)
    return c.json(agent)
  })
  app.delete('/v1/workspaces/:ws/agents/:agentId', validate({ params: agentParams }), (c) => {
    const principal = scoped(c, 'agents:write')
    const { ws, agentId } = c.req.valid('param')
    deleteAgent(db, openWorkspace(db, principal, ws), agentId)
    return c.body(null, 204)
  })

  const runContext = { db, modelUrl: deps.modelUrl, budgetMs: deps.chatBudgetMs, quota: deps.quota }
  const agentOf = (principal: Principal, ws: string, agentId: string) =>
    getAgent(db, openWorkspace(db, principal, ws), agentId)

  app.post(
    '/v1/workspaces/:ws/agents/:agentId/runs',
    validate({ params: agentParams, body: createRunBody }),
    async (c) => {
      const principal = scoped(c, 'runs:write')
      const { ws, agentId } = c.req.valid('param')
      return c.json(await executeRun(runContext, agentOf(principal, ws, agentId), c.req.valid('json')), 201)
    },
  )
  app.get('/v1/workspaces/:ws/agents/:agentId/runs', validate({ params: agentParams }), (c) => {
    const principal = scoped(c, 'agents:read')
    const { ws, agentId } = c.req.valid('param')
    return c.json({ data: listRuns(db, agentOf(principal, ws, agentId)) })
  })
  app.get('/v1/workspaces/:ws/agents/:agentId/runs/:runId', validate({ params: runParams }), (c) => {
    const principal = scoped(c, 'agents:read')
    const { ws, agentId, runId } = c.req.valid('param')
    return c.json(getRun(db, agentOf(principal, ws, agentId), runId))
  })
  app.post('/v1/workspaces/:ws/agents/:agentId/runs/:runId/cancel', validate({ params: runParams }), (c) => {
    const principal = scoped(c, 'runs:write')
    const { ws, agentId, runId } = c.req.valid('param')
    return c.json(cancelRun(db, agentOf(principal, ws, agentId), runId))
  })
  app.post(
    '/v1/workspaces/:ws/agents/:agentId/runs/:runId/retry',
    validate({ params: runParams }),
    async (c) => {
      const principal = scoped(c, 'runs:write')
      const { ws, agentId, runId } = c.req.valid('param')
      return c.json(await retryRun(runContext, agentOf(principal, ws, agentId), runId), 201)
    },
  )

  app.post('/v1/workspaces/:ws/chat', validate({ params: workspaceParams, body: chatBody }), async (c) => {
    const principal = scoped(c, 'chat')
    const ws = openWorkspace(db, principal, c.req.valid('param').ws)
    return c.json(await chat(runContext, ws, c.req.valid('json'), c.req.raw.signal))
  })
  app.post('/v1/workspaces/:ws/chat/stream', validate({ params: workspaceParams, body: chatBody }), (c) => {
    const principal = scoped(c, 'chat')
    const ws = openWorkspace(db, principal, c.req.valid('param').ws)
    const body = c.req.valid('json')
    const signal = c.req.raw.signal
    return streamText(
      c,
      async (out) => {
        // The client leaving shows up as the stream's abort: stop the model and save nothing.
        const gone = new AbortController()
        out.onAbort(() => gone.abort())
        for await (const chunk of chatStream(runContext, ws, body, AbortSignal.any([signal, gone.signal]))) {
          await out.write(chunk)
        }
      },
      async (failure) => {
        reportStreamError(c, failure)
      },
    )
  })

  const vault = { db, gate: deps.outgoing, allowedHosts: deps.allowedSiteHosts, fetchTimeoutMs: 5_000 }
  app.get('/v1/workspaces/:ws/vault', validate({ params: workspaceParams }), (c) => {
    const principal = scoped(c, 'agents:read')
    return c.json({ data: listTokens(db, openWorkspace(db, principal, c.req.valid('param').ws)) })
  })
  app.post(
    '/v1/workspaces/:ws/vault',
    validate({ params: workspaceParams, body: addTokenBody }),
    async (c) => {
      const principal = scoped(c, 'vault:write')
      const ws = openWorkspace(db, principal, c.req.valid('param').ws, 'admin')
      return c.json(await addToken(vault, ws, c.req.valid('json')), 201)
    },
  )

  // Declared in the contract, not live yet.
  app.get('/v1/workspaces/:ws/billing/invoices', () => {
    throw errors.NOT_IMPLEMENTED()
  })

  // Webhooks authenticate with the agent's secret, not an API key.
  app.post('/hooks/agents/:agentId', async (c) => {
    const agent = findWebhookAgent(db, c.req.param('agentId'))
    checkSecret(agent.webhook_secret, c.req.header('x-webhook-secret'))
    const payload = parsePayload(await c.req.json())
    return c.json({ accepted: true, agentId: agent.id, event: payload.event }, 202)
  })

  // The widget's public endpoint answers in the reduced `{ "error": { "code" } }` shape.
  app.get('/v1/public/agents/:agentId', (c) => {
    const row = db.prepare('SELECT id, name FROM agents WHERE id = ?').get(c.req.param('agentId'))
    if (!row) throw errors.AGENT_NOT_FOUND({ details: { agentId: c.req.param('agentId') } })
    return c.json(row)
  })

  return app
}
