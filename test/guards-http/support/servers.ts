import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import * as expressAdapter from '../../../src/adapters/express.js'
import * as fastifyAdapter from '../../../src/adapters/fastify.js'
import * as fetchAdapter from '../../../src/adapters/fetch.js'
import * as honoAdapter from '../../../src/adapters/hono.js'
import * as nodeAdapter from '../../../src/adapters/node.js'
import type { IdempotencyGuard } from '../../../src/guards/idempotency/engine.js'
import type { RateLimiter } from '../../../src/guards/rate-limit/limiter.js'
import { standardCatalog } from '../../../src/index.js'
import { OrderBook, STREAM_CHUNKS } from './orders.js'

export const ADAPTERS = ['express', 'fastify', 'hono', 'fetch', 'node'] as const
export type AdapterName = (typeof ADAPTERS)[number]

/** The guards a server is built with; the stores behind them are the test's choice. */
export interface Guards {
  readonly limiter: RateLimiter
  readonly idempotency: IdempotencyGuard
}

export interface GuardedServer {
  readonly url: string
  readonly port: number
  readonly orders: OrderBook
  close(): Promise<void>
}

/** Fixed, so an error body is the same bytes on every adapter. */
export const FIXED_NOW = '2025-01-02T03:04:05.000Z'
const options = { catalog: standardCatalog, now: () => FIXED_NOW, onError: false } as const

const limitOptions = (guards: Guards) => ({
  limiter: guards.limiter,
  catalog: standardCatalog,
  key: (request: { header(name: string): string | undefined }) => request.header('x-client'),
})
const idempotencyOptions = (guards: Guards) => ({
  guard: guards.idempotency,
  catalog: standardCatalog,
  required: true,
})

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `STREAM_CHUNKS` as a web stream, one chunk per pull, a few ms apart. */
function chunkStream(): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let index = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = STREAM_CHUNKS[index++]
      if (chunk === undefined) return controller.close()
      if (index > 1) await delay(5)
      controller.enqueue(encoder.encode(chunk))
    },
  })
}

/**
 * Every adapter serves the same three routes:
 * - `GET /limited`: rate limited by the `x-client` header, answers `{"ok":true}`;
 * - `POST /orders`: an Idempotency-Key is required; runs `OrderBook.create` and answers 201 + Location;
 * - `POST /stream`: an Idempotency-Key is required; writes `STREAM_CHUNKS` as ndjson in two parts.
 */
const builders: Record<AdapterName, (guards: Guards, orders: OrderBook) => Promise<Server>> = {
  async express(guards, orders) {
    const { faultline, json, rateLimit, idempotency } = expressAdapter
    const app = express()
    const idem = idempotency(idempotencyOptions(guards))
    app.get('/limited', rateLimit(limitOptions(guards)), (_req, res) => {
      res.json({ ok: true })
    })
    app.post('/orders', json(), idem, async (req, res) => {
      const answer = await orders.create(req.get('idempotency-key'), req.body)
      res.status(answer.status).location(answer.location).json(answer.body)
    })
    app.post('/stream', json(), idem, async (req, res) => {
      orders.record(req.get('idempotency-key'))
      res.setHeader('content-type', 'application/x-ndjson')
      res.write(STREAM_CHUNKS[0])
      await delay(5)
      res.end(STREAM_CHUNKS[1])
    })
    faultline(app, options)
    return await new Promise((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server))
    })
  },

  async fastify(guards, orders) {
    const { faultline, rateLimit, idempotency } = fastifyAdapter
    const app = Fastify({ logger: false })
    faultline(app, options)
    app.get('/limited', { onRequest: rateLimit(limitOptions(guards)) }, async () => ({ ok: true }))
    await app.register(async (scope) => {
      await scope.register(idempotency(idempotencyOptions(guards)))
      scope.post('/orders', async (request, reply) => {
        const answer = await orders.create(request.headers['idempotency-key'] as string, request.body)
        return reply.code(answer.status).header('location', answer.location).send(answer.body)
      })
      scope.post('/stream', async (request, reply) => {
        orders.record(request.headers['idempotency-key'] as string)
        return reply.type('application/x-ndjson').send(Readable.from(STREAM_CHUNKS))
      })
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    return app.server
  },

  async hono(guards, orders) {
    const { faultline, rateLimit, idempotency } = honoAdapter
    const app = faultline(new Hono(), options)
    const idem = idempotency(idempotencyOptions(guards))
    app.get('/limited', rateLimit(limitOptions(guards)), (c) => c.json({ ok: true }))
    app.post('/orders', idem, async (c) => {
      const answer = await orders.create(c.req.header('idempotency-key'), await c.req.json())
      return c.json(answer.body, answer.status as 201, { location: answer.location })
    })
    app.post('/stream', idem, (c) => {
      orders.record(c.req.header('idempotency-key'))
      return c.body(chunkStream(), 200, { 'content-type': 'application/x-ndjson' })
    })
    return listenFetch(app.fetch)
  },

  async fetch(guards, orders) {
    const { createHandler, rateLimit, idempotency } = fetchAdapter
    const idem = idempotency({ ...idempotencyOptions(guards), faultline: options })
    const handler = createHandler(
      {
        'GET /limited': rateLimit(limitOptions(guards))(() => Response.json({ ok: true })),
        'POST /orders': idem(async (request) => {
          const key = request.headers.get('idempotency-key') ?? undefined
          const answer = await orders.create(key, await request.json())
          return Response.json(answer.body, { status: answer.status, headers: { location: answer.location } })
        }),
        'POST /stream': idem((request) => {
          orders.record(request.headers.get('idempotency-key') ?? undefined)
          return new Response(chunkStream(), { headers: { 'content-type': 'application/x-ndjson' } })
        }),
      },
      options,
    )
    return listenFetch(handler)
  },

  async node(guards, orders) {
    const { createHandler, rateLimit, idempotency } = nodeAdapter
    const idem = idempotency(idempotencyOptions(guards))
    const handler = createHandler(
      {
        'GET /limited': rateLimit(limitOptions(guards))((_req, res) => {
          res.setHeader('content-type', 'application/json')
          res.end('{"ok":true}')
        }),
        'POST /orders': idem(async (req, res, context) => {
          const answer = await orders.create(req.headers['idempotency-key'] as string, await context.body())
          res.writeHead(answer.status, { 'content-type': 'application/json', location: answer.location })
          res.end(JSON.stringify(answer.body))
        }),
        'POST /stream': idem(async (req, res) => {
          orders.record(req.headers['idempotency-key'] as string)
          res.setHeader('content-type', 'application/x-ndjson')
          res.write(STREAM_CHUNKS[0])
          await delay(5)
          res.end(STREAM_CHUNKS[1])
        }),
      },
      options,
    )
    const server = createServer(handler)
    return await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
  },
}

function listenFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<Server> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as Server))
  })
}

/** Starts `adapter` on a free loopback port with `guards`. */
export async function startGuardedServer(adapter: AdapterName, guards: Guards): Promise<GuardedServer> {
  const orders = new OrderBook()
  const server = await builders[adapter](guards, orders)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    orders,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}
