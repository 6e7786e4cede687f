/**
 * A real server on one adapter, run as a child process by the hardening tests (`--expose-gc`), so a
 * hostile request can only hurt this process and its memory and prototypes can be measured from outside.
 * Env: HARDENING_ADAPTER (express | fastify | hono | node | fetch), HARDENING_BODY_LIMIT, plus server-core's settings.
 * IPC: sends `{ type: 'ready', port }`; answers `'probe'` with heap, prototype state and error-hook counts.
 */
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import type { GuardRequest } from '../../../src/guards/http/guard-request.js'
import type { ErrorEvent } from '../../../src/http/log.js'
import { pathOfUrl } from '../../../src/http/path.js'
import { hardeningCatalog } from './catalog.js'
import {
  type CoreResponse,
  checkRateLimit,
  closeCore,
  echoBody,
  failure500,
  idempotentCreate,
} from './server-core.js'

const adapter = process.env.HARDENING_ADAPTER ?? 'express'
const bodyLimit = Number(process.env.HARDENING_BODY_LIMIT ?? 65_536)
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(',')
const events = { total: 0, started: 0, byCode: {} as Record<string, number> }

const options = {
  catalog: hardeningCatalog,
  bodyLimit,
  onError: (event: ErrorEvent) => {
    events.total++
    if (event.responseStarted) events.started++
    events.byCode[event.code] = (events.byCode[event.code] ?? 0) + 1
  },
}

type HeaderBag = Record<string, string | string[] | undefined>
function guardRequest(
  method: string,
  url: string,
  headers: HeaderBag | ((name: string) => string | undefined),
): GuardRequest {
  return {
    method,
    path: pathOfUrl(url),
    header: (name) => {
      if (typeof headers === 'function') return headers(name)
      const value = headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const STREAM_FAILURE = 'stream producer failed midway'

async function startExpress(): Promise<import('node:http').Server> {
  const express = (await import('express')).default
  const { faultline, json, validate } = await import('../../../src/adapters/express.js')
  const app = express()
  const send = (res: import('express').Response, r: CoreResponse) => {
    res
      .status(r.status)
      .set(r.headers)
      .send(typeof r.body === 'string' ? r.body : Buffer.from(r.body))
  }
  const check = validate({ body: echoBody })
  app.get('/ok', (_req, res) => {
    res.json({ ok: true })
  })
  app.post('/echo', json(), check, (req, res) => {
    res.json({ ok: true, nameLength: check.input(req).body.name.length })
  })
  app.post('/idem', json(), async (req, res) => {
    send(res, await idempotentCreate(guardRequest(req.method, req.originalUrl, req.headers), req.body))
  })
  app.get('/limited', async (req, res) => {
    res.set(await checkRateLimit(guardRequest(req.method, req.originalUrl, req.headers))).json({ ok: true })
  })
  app.get('/fail/:kind', async (req) => failure500(String(req.params.kind)))
  app.get('/stream', async (_req, res) => {
    res.setHeader('content-type', 'application/x-ndjson')
    res.write('{"chunk":1}\n')
    await delay(20)
    throw new Error(STREAM_FAILURE)
  })
  faultline(app, options)
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server))
  })
}

async function startFastify(): Promise<import('node:http').Server> {
  const Fastify = (await import('fastify')).default
  const { faultline, validate } = await import('../../../src/adapters/fastify.js')
  const app = Fastify({ logger: false, bodyLimit })
  faultline(app, options)
  const send = (reply: import('fastify').FastifyReply, r: CoreResponse) =>
    reply
      .code(r.status)
      .headers(r.headers)
      .send(typeof r.body === 'string' ? r.body : Buffer.from(r.body))
  const check = validate({ body: echoBody })
  app.get('/ok', async () => ({ ok: true }))
  app.post('/echo', { preHandler: check }, async (request) => ({
    ok: true,
    nameLength: check.input(request).body.name.length,
  }))
  app.post('/idem', async (request, reply) =>
    send(
      reply,
      await idempotentCreate(guardRequest(request.method, request.url, request.headers), request.body),
    ),
  )
  app.get('/limited', async (request, reply) => {
    reply.headers(await checkRateLimit(guardRequest(request.method, request.url, request.headers)))
    return { ok: true }
  })
  app.get<{ Params: { kind: string } }>('/fail/:kind', async (request) => failure500(request.params.kind))
  app.get('/stream', async (_request, reply) => {
    let sent = false
    const body = new Readable({
      read() {
        if (!sent) {
          sent = true
          this.push('{"chunk":1}\n')
          return
        }
        setTimeout(() => this.destroy(new Error(STREAM_FAILURE)), 20)
      },
    })
    return reply.type('application/x-ndjson').send(body)
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app.server
}

async function startHono(): Promise<import('node:http').Server> {
  const { Hono } = await import('hono')
  const { serve } = await import('@hono/node-server')
  const { faultline, validate } = await import('../../../src/adapters/hono.js')
  const { readJsonRequest } = await import('../../../src/http/body.js')
  const app = faultline(new Hono(), options)
  const toResponse = (r: CoreResponse) =>
    new Response(r.body as BodyInit, { status: r.status, headers: r.headers })
  app.get('/ok', (c) => c.json({ ok: true }))
  app.post('/echo', validate({ body: echoBody }), (c) =>
    c.json({ ok: true, nameLength: c.req.valid('json').name.length }),
  )
  app.post('/idem', async (c) => {
    const body = await readJsonRequest(c.req.raw, bodyLimit)
    return toResponse(
      await idempotentCreate(
        guardRequest(c.req.method, c.req.url, (n) => c.req.header(n)),
        body,
      ),
    )
  })
  app.get('/limited', async (c) => {
    const headers = await checkRateLimit(guardRequest(c.req.method, c.req.url, (n) => c.req.header(n)))
    return c.json({ ok: true }, 200, headers)
  })
  app.get('/fail/:kind', async (c) => failure500(c.req.param('kind')))
  app.get('/stream', () => {
    let step = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        step++
        if (step === 1) controller.enqueue(new TextEncoder().encode('{"chunk":1}\n'))
        else {
          await delay(20)
          throw new Error(STREAM_FAILURE)
        }
      },
    })
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } })
  })
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(server as import('node:http').Server),
    )
  })
}

async function startNode(): Promise<import('node:http').Server> {
  const { createServer } = await import('node:http')
  const { createHandler, validate } = await import('../../../src/adapters/node.js')
  const check = validate({ body: echoBody })
  type Res = import('node:http').ServerResponse
  const send = (res: Res, r: CoreResponse) => {
    res.writeHead(r.status, r.headers).end(typeof r.body === 'string' ? r.body : Buffer.from(r.body))
  }
  const json = (res: Res, value: unknown, headers: Record<string, string> = {}) =>
    send(res, {
      status: 200,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(value),
    })
  const handler = createHandler(
    {
      'GET /ok': (_req, res) => json(res, { ok: true }),
      'POST /echo': async (req, res, context) =>
        json(res, { ok: true, nameLength: (await check(req, context)).body.name.length }),
      'POST /idem': async (req, res, context) =>
        send(
          res,
          await idempotentCreate(
            guardRequest(req.method ?? 'POST', req.url ?? '/', req.headers),
            await context.body(),
          ),
        ),
      'GET /limited': async (req, res) =>
        json(res, { ok: true }, await checkRateLimit(guardRequest('GET', req.url ?? '/', req.headers))),
      'GET /fail/:kind': async (_req, _res, context) => failure500(context.params.kind ?? ''),
      'GET /stream': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' })
        res.write('{"chunk":1}\n')
        await delay(20)
        throw new Error(STREAM_FAILURE)
      },
    },
    options,
  )
  const server = createServer(handler)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

async function startFetch(): Promise<import('node:http').Server> {
  const { serve } = await import('@hono/node-server')
  const { createHandler, validate } = await import('../../../src/adapters/fetch.js')
  const { readJsonRequest } = await import('../../../src/http/body.js')
  const check = validate({ body: echoBody })
  const toResponse = (r: CoreResponse) =>
    new Response(r.body as BodyInit, { status: r.status, headers: r.headers })
  const headerOf = (request: Request) => (name: string) => request.headers.get(name) ?? undefined
  const handler = createHandler(
    {
      'GET /ok': () => Response.json({ ok: true }),
      'POST /echo': async (request) =>
        Response.json({ ok: true, nameLength: (await check(request)).body.name.length }),
      'POST /idem': async (request) =>
        toResponse(
          await idempotentCreate(
            guardRequest(request.method, request.url, headerOf(request)),
            await readJsonRequest(request, bodyLimit),
          ),
        ),
      'GET /limited': async (request) =>
        Response.json(
          { ok: true },
          { headers: await checkRateLimit(guardRequest('GET', request.url, headerOf(request))) },
        ),
      'GET /fail/:kind': async (_request, context) => failure500(context.params.kind ?? ''),
      'GET /stream': () => {
        let step = 0
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            step++
            if (step === 1) controller.enqueue(new TextEncoder().encode('{"chunk":1}\n'))
            else {
              await delay(20)
              throw new Error(STREAM_FAILURE)
            }
          },
        })
        return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } })
      },
    },
    options,
  )
  return new Promise((resolve) => {
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(server as import('node:http').Server),
    )
  })
}

const starters: Record<string, () => Promise<import('node:http').Server>> = {
  express: startExpress,
  fastify: startFastify,
  hono: startHono,
  node: startNode,
  fetch: startFetch,
}

const start = starters[adapter]
if (start === undefined) throw new Error(`unknown adapter ${adapter}`)
const server = await start()
const { port } = server.address() as AddressInfo

process.on('message', (message) => {
  if (message !== 'probe') return
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  process.send?.({
    type: 'probe',
    heapUsed: process.memoryUsage().heapUsed,
    polluted: ({} as Record<string, unknown>).polluted,
    prototypeIntact: Object.getOwnPropertyNames(Object.prototype).sort().join(',') === PROTO_NAMES,
    events,
  })
})
process.on('SIGTERM', () => {
  server.closeAllConnections?.()
  server.close(() => void closeCore().then(() => process.exit(0)))
})
process.send?.({ type: 'ready', port })
