import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as expressAdapter from '../../src/adapters/express.js'
import * as fastifyAdapter from '../../src/adapters/fastify.js'
import * as fetchAdapter from '../../src/adapters/fetch.js'
import { createIdempotencyGuard } from '../../src/guards/idempotency/engine.js'
import { createMemoryIdempotencyStore } from '../../src/guards/idempotency/stores/memory.js'
import { standardCatalog } from '../../src/index.js'
import { type Answer, postJson } from './support/http.js'

/**
 * Each way a framework's route can answer, behind the idempotency guard: the response is captured
 * whole and replayed byte for byte, or (when written in parts) released and never stored.
 */

const options = { catalog: standardCatalog, onError: false } as const
const flowOptions = () => ({
  guard: createIdempotencyGuard({ store: createMemoryIdempotencyStore() }),
  catalog: standardCatalog,
  required: true,
})
const BINARY = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x7b])

class Runs {
  readonly counts = new Map<string, number>()
  hit(route: string): void {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1)
  }
  of(route: string): number {
    return this.counts.get(route) ?? 0
  }
}

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function close(server: Server | undefined): Promise<void> {
  if (server === undefined) return
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
}

/** First call runs the route; the retry replays it: same status, type and bytes, and no second run. */
async function expectReplayed(url: string, runs: Runs, route: string, check: (first: Answer) => void) {
  const first = await postJson(`${url}${route}`, `key${route}`, {})
  check(first)
  expect(first.headers['idempotent-replayed']).toBeUndefined()
  const again = await postJson(`${url}${route}`, `key${route}`, {})
  expect(again.status).toBe(first.status)
  expect(again.headers['idempotent-replayed']).toBe('true')
  expect(again.headers['content-type']).toBe(first.headers['content-type'])
  expect(again.bytes.equals(first.bytes)).toBe(true)
  expect(runs.of(route)).toBe(1)
}

/** Written in parts: both calls run and neither is a replay. */
async function expectReleased(url: string, runs: Runs, route: string, body: string) {
  for (let n = 1; n <= 2; n++) {
    const answer = await postJson(`${url}${route}`, `key${route}`, {})
    expect(answer.status).toBe(200)
    expect(answer.text).toBe(body)
    expect(answer.headers['idempotent-replayed']).toBeUndefined()
    expect(runs.of(route)).toBe(n)
  }
}

describe('Express: every way of ending a response', () => {
  const runs = new Runs()
  let server: Server
  let url: string

  beforeAll(async () => {
    const { faultline, idempotency, json } = expressAdapter
    const app = express()
    app.use(json(), idempotency(flowOptions()))
    app.post('/send-buffer', (_req, res) => {
      runs.hit('/send-buffer')
      res.status(201).type('application/octet-stream').send(BINARY)
    })
    app.post('/send-string', (_req, res) => {
      runs.hit('/send-string')
      res.type('text/plain').send('héllo, wörld')
    })
    app.post('/end-buffer', (_req, res) => {
      runs.hit('/end-buffer')
      res.statusCode = 202
      res.setHeader('content-type', 'text/plain')
      res.end(Buffer.from('ended raw'))
    })
    app.post('/no-content', (_req, res) => {
      runs.hit('/no-content')
      res.sendStatus(204)
    })
    app.post('/written', (_req, res) => {
      runs.hit('/written')
      res.type('text/plain')
      res.write('part one, ')
      setTimeout(() => res.end('part two'), 5)
    })
    faultline(app, options)
    server = app.listen(0, '127.0.0.1')
    url = await listen(server)
  })
  afterAll(() => close(server))

  it('res.send(Buffer) replays the exact bytes', async () => {
    await expectReplayed(url, runs, '/send-buffer', (first) => {
      expect(first.status).toBe(201)
      expect(first.bytes.equals(BINARY)).toBe(true)
    })
  })

  it('res.send(string) replays the UTF-8 text', async () => {
    await expectReplayed(url, runs, '/send-string', (first) => expect(first.text).toBe('héllo, wörld'))
  })

  it('res.end(buffer) replays status and bytes', async () => {
    await expectReplayed(url, runs, '/end-buffer', (first) => {
      expect(first.status).toBe(202)
      expect(first.text).toBe('ended raw')
    })
  })

  it('a 204 with no body replays as a 204', async () => {
    await expectReplayed(url, runs, '/no-content', (first) => {
      expect(first.status).toBe(204)
      expect(first.bytes.length).toBe(0)
    })
  })

  it('res.write() makes it a stream: released, never stored', async () => {
    await expectReleased(url, runs, '/written', 'part one, part two')
  })
})

describe('Fastify: route-level hooks and payload kinds', () => {
  const runs = new Runs()
  let app: FastifyInstance
  let url: string

  beforeAll(async () => {
    const { faultline, idempotency } = fastifyAdapter
    app = Fastify({ logger: false })
    faultline(app, options)
    const guard = idempotency(flowOptions())
    app.post('/buffer', { ...guard.hooks }, async (_request, reply) => {
      runs.hit('/buffer')
      return reply.code(201).type('application/octet-stream').send(BINARY)
    })
    app.post('/text', { ...guard.hooks }, async (_request, reply) => {
      runs.hit('/text')
      return reply.type('text/plain').send('plain words')
    })
    app.post('/empty', { ...guard.hooks }, async (_request, reply) => {
      runs.hit('/empty')
      return reply.code(204).send()
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  })
  afterAll(() => app?.close())

  it('a Buffer payload replays the exact bytes', async () => {
    await expectReplayed(url, runs, '/buffer', (first) => expect(first.bytes.equals(BINARY)).toBe(true))
  })

  it('a string payload replays the same text', async () => {
    await expectReplayed(url, runs, '/text', (first) => expect(first.text).toBe('plain words'))
  })

  it('an empty 204 replays as a 204', async () => {
    await expectReplayed(url, runs, '/empty', (first) => expect(first.status).toBe(204))
  })
})

describe('fetch: a thrown error without the `faultline` option', () => {
  const runs = new Runs()
  let server: Server
  let url: string

  beforeAll(async () => {
    const { createHandler, idempotency } = fetchAdapter
    const guard = idempotency(flowOptions())
    const handler = createHandler(
      {
        'POST /missing': guard(() => {
          runs.hit('/missing')
          throw standardCatalog.fromRole('notFound')
        }),
      },
      options,
    )
    server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }) as Server
    await new Promise((resolve) => server.once('listening', resolve))
    url = await listen(server)
  })
  afterAll(() => close(server))

  it('releases the key and lets the error layer render it', async () => {
    for (let n = 1; n <= 2; n++) {
      const answer = await postJson(`${url}/missing`, 'key-missing', {})
      expect(answer.status).toBe(404)
      expect(answer.headers['idempotent-replayed']).toBeUndefined()
      expect(runs.of('/missing')).toBe(n)
    }
  })
})
