import { createServer } from 'node:http'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { afterAll, describe, expect, it } from 'vitest'
import { faultline as expressFaultline } from '../../src/adapters/express.js'
import { faultlinePlugin } from '../../src/adapters/fastify.js'
import { requestIdOf, toResponse, withErrors } from '../../src/adapters/fetch.js'
import { faultline as honoFaultline, requestIdOf as honoRequestIdOf } from '../../src/adapters/hono.js'
import { withErrors as nodeWithErrors } from '../../src/adapters/node.js'
import type { ErrorEvent } from '../../src/http/log.js'
import { listenOnLoopback } from './apps/listen.js'
import { catalog, SECRET } from './fixture.js'

const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
})

function options(events: ErrorEvent[]) {
  return { catalog, bodyLimit: 64, onError: (event: ErrorEvent) => events.push(event) }
}

async function call(port: number, path: string, init: RequestInit = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init)
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  }
}

describe('Express: body-parser errors', () => {
  it('maps express.json() failures (malformed, too large, unsupported charset) like every adapter', async () => {
    const events: ErrorEvent[] = []
    const app = express()
    app.post('/x', express.json({ limit: 64 }), (req, res) => {
      res.json(req.body)
    })
    expressFaultline(app, options(events))
    const server = await listenOnLoopback(createServer(app))
    closers.push(server.close)
    const json = { 'content-type': 'application/json' }

    const malformed = await call(server.port, '/x', { method: 'POST', headers: json, body: '{"a":' })
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      detail: 'Malformed JSON in request body',
      errors: [{ pointer: '/body', detail: 'Malformed JSON in request body' }],
    })
    const large = await call(server.port, '/x', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ a: 'x'.repeat(100) }),
    })
    expect(large.status).toBe(413)
    expect(large.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    const charset = await call(server.port, '/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=koi8-r' },
      body: '{}',
    })
    expect(charset.status).toBe(415)
    expect(charset.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
    expect(events.map((event) => event.status)).toEqual([400, 413, 415])
  })
})

describe('Fastify', () => {
  it('registers as a plugin that reaches the root, and renders errors thrown in hooks and schema failures', async () => {
    const events: ErrorEvent[] = []
    const app = Fastify()
    await app.register(faultlinePlugin, options(events))
    app.addHook('preHandler', async (request) => {
      if (request.method === 'GET' && request.url === '/hooked') throw catalog.create('UNAUTHORIZED')
    })
    app.get('/hooked', async () => ({ ok: true }))
    app.post(
      '/schema',
      { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
      async () => ({ ok: true }),
    )
    await app.listen({ port: 0, host: '127.0.0.1' })
    closers.push(() => app.close())
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0

    const hooked = await call(port, '/hooked')
    expect(hooked.status).toBe(401)
    expect(hooked.body).toMatchObject({ code: 'UNAUTHORIZED' })
    const missing = await call(port, '/nowhere')
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', status: 404 })
    const wrongMethod = await call(port, '/hooked', { method: 'DELETE' })
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD')
    const schema = await call(port, '/schema', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(schema.status).toBe(400)
    expect(schema.body).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ pointer: '/name' }] })
    expect(events).toHaveLength(4)
  })
})

describe('Hono', () => {
  it("maps HTTPException by its status, c.req.json() syntax errors to validation, a handler's own to 500", async () => {
    const events: ErrorEvent[] = []
    const app = new Hono()
    honoFaultline(app, options(events))
    app.get('/expired', () => {
      throw new HTTPException(401, { message: 'Token expired' })
    })
    app.post('/parse', async (c) => c.json(await c.req.json()))
    app.get('/own-parse', (c) => c.json(JSON.parse(`{${SECRET}`)))
    app.get('/id', (c) => c.text(honoRequestIdOf(c) ?? 'none'))
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    closers.push(() => new Promise((resolve) => server.close(() => resolve())))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0

    const expired = await call(port, '/expired')
    expect(expired.status).toBe(401)
    expect(expired.body).toMatchObject({ code: 'UNAUTHORIZED', detail: 'Token expired' })
    const parse = await call(port, '/parse', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(parse.status).toBe(400)
    expect(parse.body).toMatchObject({ code: 'VALIDATION_ERROR', detail: 'Malformed JSON in request body' })
    const own = await call(port, '/own-parse')
    expect(own.status).toBe(500)
    expect(JSON.stringify(own.body)).not.toContain(SECRET)
    const id = await fetch(`http://127.0.0.1:${port}/id`, { headers: { 'x-request-id': 'hono-id' } })
    expect(await id.text()).toBe('hono-id')
    expect(id.headers.get('x-request-id')).toBe('hono-id')
    expect(events.map((event) => event.status)).toEqual([401, 400, 500])
  })
})

describe('Hono without a Node response (app.request, other runtimes)', () => {
  it('adds the request id to every answer, copying one whose headers are immutable', async () => {
    const app = new Hono()
    honoFaultline(app, options([]))
    app.get('/go', () => Response.redirect('https://example.test/next', 302))
    app.get('/ok', (c) => c.json({ ok: true, id: honoRequestIdOf(c) }))
    app.get('/string', () => {
      throw 'not an Error'
    })
    const go = await app.request('/go', { headers: { 'x-request-id': 'r-1' } })
    expect(go.status).toBe(302)
    expect(go.headers.get('location')).toBe('https://example.test/next')
    expect(go.headers.get('x-request-id')).toBe('r-1')
    const ok = await app.request('/ok', { headers: { 'x-request-id': 'r-2' } })
    expect(ok.headers.get('x-request-id')).toBe('r-2')
    expect(await ok.json()).toEqual({ ok: true, id: 'r-2' })
    const thrown = await app.request('/string', { headers: { 'x-request-id': 'r-3' } })
    expect(thrown.status).toBe(500)
    expect(thrown.headers.get('x-request-id')).toBe('r-3')
    expect(await thrown.json()).toMatchObject({ code: 'INTERNAL_ERROR', requestId: 'r-3' })
  })
})

describe('fetch', () => {
  it('wraps a route handler that takes extra arguments, and exposes the request id', async () => {
    const events: ErrorEvent[] = []
    const seen: Array<string | undefined> = []
    const handler = withErrors(async (request: Request, context: { params: { id: string } }) => {
      seen.push(requestIdOf(request))
      throw catalog.create('CONFLICT', { message: `agent ${context.params.id} exists` })
    }, options(events))
    const response = await handler(
      new Request('http://localhost/agents/7', { headers: { 'x-request-id': 'next-1' } }),
      {
        params: { id: '7' },
      },
    )
    expect(response.status).toBe(409)
    expect(response.headers.get('x-request-id')).toBe('next-1')
    expect(await response.json()).toMatchObject({
      code: 'CONFLICT',
      detail: 'agent 7 exists',
      requestId: 'next-1',
    })
    expect(seen).toEqual(['next-1'])
    expect(events).toHaveLength(1)
  })

  it('toResponse renders anything thrown as a web Response with no body for HEAD', async () => {
    const head = toResponse(new Error(SECRET), new Request('http://localhost/x', { method: 'HEAD' }), {
      catalog,
      onError: false,
    })
    expect(head.status).toBe(500)
    expect(head.headers.get('content-type')).toBe('application/problem+json')
    expect(await head.text()).toBe('')
  })
})

describe('node:http', () => {
  it('enforces the body limit on a chunked body with no length, while streaming', async () => {
    const events: ErrorEvent[] = []
    const handler = nodeWithErrors(async (_req, res, context) => {
      res.end(JSON.stringify(await context.body()))
    }, options(events))
    const server = await listenOnLoopback(createServer(handler))
    closers.push(server.close)
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(`"${'z'.repeat(30)}"`))
        controller.close()
      },
    })
    const response = await call(server.port, '/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    expect(events).toHaveLength(1)
  })
})
