import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { formats } from 'faultline'
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createClient,
  errorClassFor,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from 'faultline/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_KEYS } from '../../examples/agents-api/db.js'
import { errors } from '../../examples/agents-api/errors.js'
import { type ModelServer, startModelServer } from '../../examples/agents-api/model-server.js'
import { rawRequest } from '../hardening/support/raw-http.js'
import { launchChromium } from '../support/chromium.js'
import { type ExampleProcess, startExample } from '../support/example-process.js'
import { type RedisServer, startRedisServer } from '../support/redis-server.js'

type Code = (typeof errors.codes)[number]

function apiClient(baseUrl: string, key?: string) {
  return createClient({
    baseUrl,
    catalog: errors,
    format: 'problem',
    retry: false,
    timeoutMs: 20_000,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  })
}

type ApiClient = ReturnType<typeof apiClient>

const WS = '/v1/workspaces/ws_demo'

/** A loopback "tool site" whose manifest is not valid for the vault. */
async function startBadManifestSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ name: 'Broken', tools: [] }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * The example API as a consumer meets it: a separate process on a free port, driven through
 * `faultline/client`. Every code of its catalog must come out of a real scenario, and each must
 * match the catalog (status, code, headers) and be classified by the client.
 */
describe.each(['sqlite', 'redis'] as const)('agents API end to end (%s store)', (store) => {
  let redis: RedisServer | undefined
  let model: ModelServer
  let site: { url: string; close(): Promise<void> }
  let api: ExampleProcess
  let owner: ApiClient
  const seen = new Set<string>()

  const clientFor = (key?: string) => apiClient(api.baseUrl, key)

  /** Awaits a failing call and checks it against the catalog; returns the classified error. */
  async function expectCode(call: Promise<unknown>, code: Code): Promise<APIError> {
    const failure = await call.then(
      (value) => {
        throw new Error(`expected ${code}, got success ${JSON.stringify(value)}`)
      },
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(APIError)
    const error = failure as APIError
    expect({ code: error.code, status: error.status }).toEqual({ code, status: errors.entries[code].status })
    expect(error).toBeInstanceOf(errorClassFor(error.status))
    expect(error.requestId).toMatch(/\S/)
    expect(error.headers['content-type']).toBe('application/problem+json')
    expect(error.headers.link).toBe(`<${api.baseUrl}/docs/errors#${code}>; rel="help"`)
    seen.add(code)
    return error
  }

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedisServer()
    model = await startModelServer()
    site = await startBadManifestSite()
    api = await startExample({
      MODEL_URL: model.url,
      CHAT_BUDGET_MS: '2500',
      RATE_LIMIT: '80/60',
      OUTGOING_PER_MINUTE: '2',
      IDEMPOTENCY_LOCK_MS: '3000',
      MONTHLY_MESSAGES: '5',
      ...(redis ? { REDIS_URL: redis.url } : {}),
    })
    owner = clientFor(DEMO_KEYS.owner)
  }, 60_000)

  afterAll(async () => {
    await api?.stop()
    await model?.close()
    await site?.close()
    await redis?.stop()
  })

  it('authenticates with Bearer or X-API-Key and refuses missing, unknown, revoked and expired keys', async () => {
    await expectCode(clientFor().get(`${WS}/agents`), 'UNAUTHORIZED')
    await expectCode(clientFor('sk_nope').get(`${WS}/agents`), 'INVALID_TOKEN')
    await expectCode(clientFor(DEMO_KEYS.revoked).get(`${WS}/agents`), 'TOKEN_REVOKED')
    const expired = await expectCode(clientFor(DEMO_KEYS.expired).get(`${WS}/agents`), 'TOKEN_EXPIRED')
    expect(expired).toBeInstanceOf(AuthenticationError)
    const viaHeader = createClient({
      baseUrl: api.baseUrl,
      headers: { 'x-api-key': DEMO_KEYS.owner },
      retry: false,
    })
    await expect(viaHeader.get(`${WS}/agents`)).resolves.toMatchObject({ data: expect.any(Array) })
  })

  it('enforces scopes, membership and the owner role', async () => {
    const scope = await expectCode(
      clientFor(DEMO_KEYS.readonly).post(`${WS}/agents`, { body: { name: 'x', identifier: 'x' } }),
      'INSUFFICIENT_SCOPE',
    )
    expect(scope).toBeInstanceOf(PermissionDeniedError)
    expect(scope.details).toEqual({ required: 'agents:write', granted: ['agents:read'] })
    await expectCode(clientFor(DEMO_KEYS.outsider).get(WS), 'PERMISSION_DENIED')
    await expectCode(owner.get('/v1/workspaces/ws_nope'), 'WORKSPACE_NOT_FOUND')
    await expectCode(owner.patch(`${WS}/members/usr_nobody`, { body: { role: 'admin' } }), 'MEMBER_NOT_FOUND')
    await expectCode(
      owner.patch(`${WS}/members/usr_owner`, { body: { role: 'member' } }),
      'ROLE_CHANGE_FORBIDDEN',
    )
    await expect(owner.patch(`${WS}/members/usr_member`, { body: { role: 'admin' } })).resolves.toEqual({
      userId: 'usr_member',
      role: 'admin',
    })
  })

  it('validates agents, refuses duplicates, the default agent and the plan limit', async () => {
    const invalid = await expectCode(
      owner.post(`${WS}/agents`, { body: { name: '', identifier: 'Bad Id' } }),
      'VALIDATION_ERROR',
    )
    expect(invalid).toBeInstanceOf(BadRequestError)
    expect((invalid as BadRequestError).issues.map((i) => i.path.join('.'))).toEqual([
      'body.name',
      'body.identifier',
    ])
    const long = await expectCode(
      owner.post(`${WS}/agents`, { body: { name: 'n'.repeat(256), identifier: 'ok' } }),
      'VALIDATION_ERROR',
    )
    expect(long.details).toMatchObject({ issues: [{ path: ['body', 'name'] }] })
    await expectCode(
      owner.post(`${WS}/agents`, { body: { name: 'Dup', identifier: 'default' } }),
      'AGENT_IDENTIFIER_TAKEN',
    )
    await expectCode(owner.delete(`${WS}/agents/agt_default`), 'DEFAULT_AGENT_UNDELETABLE')
    await expectCode(owner.get(`${WS}/agents/agt_missing`), 'AGENT_NOT_FOUND')
    const notFound = await owner.get(`${WS}/agents/agt_missing`).catch((e: unknown) => e)
    if (!owner.isError(notFound, 'AGENT_NOT_FOUND')) throw new Error('expected AGENT_NOT_FOUND')
    expect(notFound.details.agentId).toBe('agt_missing')
    expect(notFound).toBeInstanceOf(NotFoundError)

    await owner.post(`${WS}/agents`, { body: { name: 'Second', identifier: 'second' } })
    const third = await owner.post<{ id: string }>(`${WS}/agents`, {
      body: { name: 'Third', identifier: 'third' },
    })
    const limit = await expectCode(
      owner.post(`${WS}/agents`, { body: { name: 'Fourth', identifier: 'fourth' } }),
      'PLAN_LIMIT_REACHED',
    )
    expect(limit).toBeInstanceOf(PaymentRequiredError)
    expect(limit.details).toEqual({ resource: 'agents', limit: 3, current: 3 })
    expect(limit.message).toBe('Your plan allows 3 agents')
    expect(limit.retryable).toBe(false)
    await owner.delete(`${WS}/agents/${third.id}`)
  })

  it('runs agents once per Idempotency-Key: conflict in flight, mismatch, byte-for-byte replay', async () => {
    const runs = `${WS}/agents/agt_default/runs`
    const body = { input: 'slow run', model: 'slow-1', maxTokens: 20 }
    const first = owner.post<{ id: string; status: string }>(runs, { body, idempotencyKey: 'run-key-1' })
    await new Promise((r) => setTimeout(r, 250))
    const conflict = await expectCode(
      owner.post(runs, { body, idempotencyKey: 'run-key-1' }),
      'IDEMPOTENCY_CONFLICT',
    )
    expect(conflict).toBeInstanceOf(ConflictError)
    expect(Number(conflict.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    await expectCode(owner.post(runs, { body, idempotencyKey: 'run-key-2' }), 'AGENT_ALREADY_RUNNING')
    const run = await first
    expect(run.status).toBe('succeeded')

    const replay = await fetch(`${api.baseUrl}${runs}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEMO_KEYS.owner}`,
        'content-type': 'application/json',
        'idempotency-key': 'run-key-1',
      },
      body: JSON.stringify(body),
    })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(replay.headers.get('x-request-id')).toMatch(/^req_/)
    expect(await replay.json()).toEqual(run)
    const mismatch = await expectCode(
      owner.post(runs, { body: { ...body, input: 'other' }, idempotencyKey: 'run-key-1' }),
      'IDEMPOTENCY_MISMATCH',
    )
    expect(mismatch).toBeInstanceOf(UnprocessableEntityError)
    await expectCode(owner.post(runs, { body }), 'VALIDATION_ERROR')

    await expectCode(owner.post(`${runs}/${run.id}/cancel`), 'RUN_NOT_CANCELLABLE')
    await expectCode(owner.post(`${runs}/${run.id}/retry`), 'INVALID_STATE_TRANSITION')
    await expectCode(owner.get(`${runs}/run_missing`), 'RUN_NOT_FOUND')
  })

  it('gives the model step a budget, and maps provider failures to 502, 503 and a redacted 500', async () => {
    const chat = `${WS}/chat`
    const slow = await expectCode(
      owner.post(chat, { body: { prompt: 'long', model: 'slow-1', maxTokens: 2000 } }),
      'CHAT_TIMEOUT',
    )
    expect(slow).toBeInstanceOf(InternalServerError)
    expect(slow.retryable).toBe(true)
    await expectCode(owner.post(chat, { body: { prompt: 'hi', model: 'unknown-9' } }), 'MODEL_ERROR')
    const internal = await expectCode(
      owner.post(chat, { body: { prompt: 'hi', model: 'legacy-0' } }),
      'INTERNAL_ERROR',
    )
    expect(internal.message).toBe('Internal server error')
    expect(JSON.stringify(internal.body)).not.toMatch(/Cannot read|model\.ts|at /)
    await expect(owner.post(chat, { body: { prompt: 'hi' } })).resolves.toMatchObject({
      answer: expect.any(String),
    })
  })

  it('logs a client that leaves mid-stream as STREAM_ABORTED (499) and saves nothing', async () => {
    const controller = new AbortController()
    const response = await fetch(`${api.baseUrl}${WS}/chat/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEYS.owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'stream me', model: 'slow-1', maxTokens: 200 }),
      signal: controller.signal,
    })
    const reader = response.body!.getReader()
    await reader.read()
    controller.abort()
    await expect
      .poll(() => api.logs().some((log) => log.code === 'STREAM_ABORTED' && log.status === 499), {
        timeout: 10_000,
      })
      .toBe(true)
    seen.add('STREAM_ABORTED')
  })

  it('stores vault tokens after fetching manifests through the outgoing limiter', async () => {
    const vault = `${WS}/vault`
    await expectCode(owner.post(vault, { body: { site: 'not a url', token: 't' } }), 'INVALID_URL')
    const stored = await owner.post<{ site: string; tools: string[] }>(vault, {
      body: { site: model.url, token: 't1' },
    })
    expect(stored.tools).toEqual(['search'])
    await expectCode(owner.post(vault, { body: { site: model.url, token: 't2' } }), 'TOKEN_EXISTS')
    await expectCode(owner.post(vault, { body: { site: api.baseUrl, token: 't3' } }), 'MANIFEST_NOT_FOUND')
    const invalid = await expectCode(
      owner.post(vault, { body: { site: site.url, token: 't4' } }),
      'MANIFEST_INVALID',
    )
    expect(invalid.details).toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: ['version'] })]),
    })
    const outgoing = await expectCode(
      owner.post(vault, { body: { site: `http://127.0.0.1:1`, token: 't5' } }),
      'OUTGOING_RATE_LIMITED',
    )
    expect(outgoing).toBeInstanceOf(RateLimitError)
    expect((outgoing as RateLimitError).retryAfter).toBeGreaterThan(0)
  })

  it('checks webhook secrets and payloads', async () => {
    const hook = '/hooks/agents/agt_default'
    const anon = clientFor()
    await expectCode(
      anon.post(hook, {
        body: { event: 'message.created', data: { text: 'hi' } },
        headers: { 'x-webhook-secret': 'wrong' },
      }),
      'WEBHOOK_SECRET_INVALID',
    )
    const payload = await expectCode(
      anon.post(hook, { body: { event: 'nope' }, headers: { 'x-webhook-secret': 'whsec_demo' } }),
      'WEBHOOK_PAYLOAD_INVALID',
    )
    expect(payload.details).toMatchObject({ issues: expect.any(Array) })
    await expect(
      anon.post(hook, {
        body: { event: 'message.created', data: { text: 'hi' } },
        headers: { 'x-webhook-secret': 'whsec_demo' },
      }),
    ).resolves.toMatchObject({ accepted: true })
  })

  it('answers unknown routes, wrong methods, oversized and non-JSON bodies, and endpoints not live yet', async () => {
    await expectCode(owner.get('/nope'), 'NOT_FOUND')
    const wrongMethod = await expectCode(owner.put(`${WS}/agents`, { body: {} }), 'METHOD_NOT_ALLOWED')
    expect(wrongMethod.headers.allow).toContain('GET')
    await expectCode(
      owner.post(`${WS}/agents`, { body: { name: 'x'.repeat(2_000_000), identifier: 'big' } }),
      'PAYLOAD_TOO_LARGE',
    )
    await expectCode(
      owner.post(`${WS}/agents`, { body: 'name=x', headers: { 'content-type': 'text/plain' } }),
      'UNSUPPORTED_MEDIA_TYPE',
    )
    await expectCode(owner.get(`${WS}/billing/invoices`), 'NOT_IMPLEMENTED')
    // A request node's own parser refuses (a negative Content-Length) still gets the envelope.
    const raw = await rawRequest(api.port, [
      `POST ${WS}/agents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n`,
    ])
    expect(raw.status).toBe(400)
    expect(formats.problem.parse({ status: 400, body: JSON.parse(raw.body) })[0]?.code).toBe('BAD_REQUEST')
    seen.add('BAD_REQUEST')
    const reduced = await fetch(`${api.baseUrl}/v1/public/agents/agt_missing`)
    expect(await reduced.json()).toEqual({ error: { code: 'AGENT_NOT_FOUND' } })
  })

  it('rate-limits per API key with Retry-After and the RateLimit fields', async () => {
    const reader = clientFor(DEMO_KEYS.readonly)
    let limited: APIError | undefined
    for (let i = 0; i < 120 && !limited; i++) {
      limited = await reader.get(`${WS}/agents`).then(
        () => undefined,
        (e: unknown) => e as APIError,
      )
    }
    expect(limited).toBeDefined()
    await expectCode(Promise.reject(limited), 'RATE_LIMITED')
    expect(limited!.headers['retry-after']).toMatch(/^[1-9][0-9]*$/)
    expect(limited!.headers['ratelimit-policy']).toBe('"per-key";q=80;w=60')
    expect(limited!.headers.ratelimit).toMatch(/^"per-key";r=0;t=[1-9][0-9]*$/)
    expect((limited as RateLimitError).retryAfter).toBe(Number(limited!.headers['retry-after']))
  })

  it('maps an unreachable model provider to UPSTREAM_UNAVAILABLE (503)', async () => {
    const port = Number(new URL(model.url).port)
    await model.close()
    const down = await expectCode(
      owner.post(`${WS}/chat`, { body: { prompt: 'hi' } }),
      'UPSTREAM_UNAVAILABLE',
    )
    expect(down.retryable).toBe(true)
    model = await startModelServer(port)
  })

  it('counts answered chat messages against the monthly plan limit; failures are refunded', async () => {
    let refused: APIError | undefined
    let answered = 0
    for (let i = 0; i < 10 && !refused; i++) {
      refused = await owner.post(`${WS}/chat`, { body: { prompt: `m${i}` } }).then(
        () => {
          answered++
          return undefined
        },
        (e: unknown) => e as APIError,
      )
    }
    const limit = await expectCode(Promise.reject(refused), 'PLAN_LIMIT_REACHED')
    expect(limit.details).toEqual({ resource: 'messages', limit: 5, current: 5 })
    // One message was answered in the chat test; timeouts, provider errors and aborted streams gave theirs back.
    expect(answered).toBe(4)
  })

  it('produced every code of its catalog from a real scenario', () => {
    expect([...seen].sort()).toEqual([...errors.codes].sort())
  })
})

describe('the example serves its docs page to a real browser', () => {
  it('loads /docs/errors in headless Chromium with anchors per code and no console errors', async () => {
    const api = await startExample()
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const problems: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text())
      })
      await page.goto(`${api.baseUrl}/docs/errors#AGENT_NOT_FOUND`)
      expect(await page.locator('[id="AGENT_NOT_FOUND"]').count()).toBe(1)
      expect(await page.locator('[id="PLAN_LIMIT_REACHED"]').count()).toBe(1)
      expect(problems).toEqual([])
    } finally {
      await browser.close()
      await api.stop()
    }
  }, 60_000)
})
