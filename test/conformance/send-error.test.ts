import { createServer } from 'node:http'
import { serve } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { faultline as expressFaultline, sendError as expressSendError } from '../../src/adapters/express.js'
import { faultline as fastifyFaultline, sendError as fastifySendError } from '../../src/adapters/fastify.js'
import { faultline as honoFaultline, sendError as honoSendError } from '../../src/adapters/hono.js'
import type { ErrorEvent } from '../../src/http/log.js'
import { listenOnLoopback } from './apps/listen.js'
import { catalog, SECRET } from './fixture.js'

/**
 * `sendError` answers without throwing: each adapter's `/sent` must send exactly what its `/thrown` sends
 * (status, headers, body but the request id), report the error once, and keep secrets out of a 500.
 */

const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
})

const conflict = () => catalog.create('CONFLICT', { message: 'agent 7 exists' })
const crash = () => new Error(`database password ${SECRET}`)

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: Record<string, unknown>
}

async function answer(port: number, path: string, id: string): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-request-id': id } })
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'date' && name !== 'content-length') headers[name] = value
  })
  return { status: response.status, headers, body: (await response.json()) as Record<string, unknown> }
}

async function expectSameAsThrown(port: number, events: ErrorEvent[]): Promise<void> {
  const thrown = await answer(port, '/thrown', 'thrown-1')
  const sent = await answer(port, '/sent', 'sent-1')
  expect(thrown.status).toBe(409)
  expect(thrown.body.instance).toBe('/thrown')
  expect(sent).toEqual({
    status: thrown.status,
    headers: { ...thrown.headers, 'x-request-id': 'sent-1' },
    body: { ...thrown.body, requestId: 'sent-1', instance: '/sent' },
  })
  expect(sent.headers['cache-control']).toBe('no-store')
  expect(sent.body).toMatchObject({ code: 'CONFLICT', detail: 'agent 7 exists' })
  const crashed = await answer(port, '/sent-crash', 'crash-1')
  expect(crashed.status).toBe(500)
  expect(JSON.stringify(crashed)).not.toContain(SECRET)
  expect(events.map((event) => [event.requestId, event.status])).toEqual([
    ['thrown-1', 409],
    ['sent-1', 409],
    ['crash-1', 500],
  ])
}

describe('sendError answers like a thrown error', () => {
  it('on Express', async () => {
    const events: ErrorEvent[] = []
    const app = express()
    app.get('/thrown', () => {
      throw conflict()
    })
    app.get('/sent', (_req, res) => expressSendError(res, conflict()))
    app.get('/sent-crash', (_req, res) => expressSendError(res, crash()))
    expressFaultline(app, { catalog, onError: (event) => events.push(event) })
    const server = await listenOnLoopback(createServer(app))
    closers.push(server.close)
    await expectSameAsThrown(server.port, events)
  })

  it('on Fastify', async () => {
    const events: ErrorEvent[] = []
    const app = Fastify()
    fastifyFaultline(app, { catalog, onError: (event) => events.push(event) })
    app.get('/thrown', async () => {
      throw conflict()
    })
    app.get('/sent', async (_request, reply) => fastifySendError(reply, conflict()))
    // Registered in a child context: the installed options reach encapsulated plugins.
    await app.register(async (child) => {
      child.get('/sent-crash', async (_request, reply) => fastifySendError(reply, crash()))
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    closers.push(() => app.close())
    const address = app.server.address()
    await expectSameAsThrown(typeof address === 'object' && address ? address.port : 0, events)
  })

  it('on Hono under @hono/node-server, and in app.request() where no Node response exists', async () => {
    const events: ErrorEvent[] = []
    const app = new Hono()
    honoFaultline(app, { catalog, onError: (event) => events.push(event) })
    app.get('/thrown', () => {
      throw conflict()
    })
    app.get('/sent', (c) => honoSendError(c, conflict()))
    app.get('/sent-crash', (c) => honoSendError(c, crash()))
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    closers.push(() => new Promise((resolve) => server.close(() => resolve())))
    const address = server.address()
    await expectSameAsThrown(typeof address === 'object' && address ? address.port : 0, events)

    const inMemory = await app.request('/sent', { headers: { 'x-request-id': 'mem-1' } })
    expect(inMemory.status).toBe(409)
    expect(inMemory.headers.get('x-request-id')).toBe('mem-1')
    expect(inMemory.headers.get('cache-control')).toBe('no-store')
    expect(inMemory.headers.get('content-type')).toBe('application/problem+json')
  })

  it('throws the error where Faultline is not installed, so the framework still sees it', async () => {
    const bare = new Hono()
    bare.get('/sent', (c) => honoSendError(c, conflict()))
    bare.onError((error, c) => c.text(`caught ${(error as { code?: string }).code}`, 418))
    const response = await bare.request('/sent')
    expect(response.status).toBe(418)
    expect(await response.text()).toBe('caught CONFLICT')

    const fastify = Fastify()
    fastify.get('/sent', async (_request, reply) => fastifySendError(reply, conflict()))
    const injected = await fastify.inject('/sent')
    expect(injected.statusCode).toBe(409)
    expect(injected.json()).toMatchObject({ message: 'agent 7 exists' })
    await fastify.close()
  })
})
