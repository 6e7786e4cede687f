import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExpress } from './apps/express.js'
import { startFastify } from './apps/fastify.js'
import { startFetch } from './apps/fetch.js'
import { startHono } from './apps/hono.js'
import { startNode } from './apps/node.js'
import { CASES, type Case } from './cases.js'
import { type Observed, parseRaw, rawExchange, send } from './client.js'
import { type RunningServer, SECRET } from './fixture.js'

const GENERATED_ID = /^req_[0-9a-f]{12}_[0-9a-z]+$/

let servers: RunningServer[] = []

beforeAll(async () => {
  servers = await Promise.all([startExpress(), startFastify(), startHono(), startFetch(), startNode()])
})

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

/** A generated id differs per server by design; it is checked, then masked so bodies can be compared. */
function masked(observed: Observed): Observed {
  const id = observed.headers['x-request-id']
  if (id === undefined || !GENERATED_ID.test(id)) return observed
  return {
    ...observed,
    headers: { ...observed.headers, 'x-request-id': '<generated>' },
    body: observed.body.split(id).join('<generated>'),
  }
}

function withCaseId(test: Case, index: number): Case['request'] {
  const sendsOwnId = test.echoedId !== undefined || test.generatesId === true || test.beforeAdapter === true
  if (sendsOwnId) return test.request
  return { ...test.request, headers: { ...test.request.headers, 'x-request-id': `case-${index}` } }
}

async function until(condition: () => boolean, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('conformance: five adapters answer identically over loopback HTTP', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40)
  })

  CASES.forEach((test, index) => {
    it(test.name, async () => {
      const request = withCaseId(test, index)
      const observed: Observed[] = []
      for (const server of servers) observed.push(await send(server.port, request))

      for (const [i, response] of observed.entries()) {
        const server = servers[i]!
        const where = `${server.name}: ${test.name}`
        expect(response.status, where).toBe(test.status)
        expect(response.body, where).not.toContain(SECRET)
        if (test.beforeAdapter) continue
        const id = response.headers['x-request-id']
        if (test.generatesId) expect(id, where).toMatch(GENERATED_ID)
        else expect(id, where).toBe(test.echoedId ?? `case-${index}`)
        if (response.status >= 500) {
          expect(response.body, where).not.toContain('    at ')
          expect(response.body, where).not.toContain('cause')
        }
        if (response.status < 400) {
          expect(
            server.recorder.events.filter((event) => event.requestId === id),
            where,
          ).toHaveLength(0)
        } else {
          expect(response.headers['cache-control'], where).toBe('no-store')
          const events = server.recorder.events.filter((event) => event.requestId === id)
          expect(events, where).toHaveLength(1)
          expect(events[0]!.level, where).toBe(response.status >= 500 ? 'error' : 'warn')
          expect(events[0]!.status, where).toBe(response.status)
          expect(events[0]!.responseStarted, where).toBe(false)
        }
        test.check?.(response.body === '' ? undefined : JSON.parse(response.body), response)
      }

      // Errors must match byte for byte; a success only in status and body (its headers are each framework's own).
      // Parser-level refusals are node's (Fastify words them itself): there only the status is shared.
      const comparable = (response: Observed) =>
        test.beforeAdapter
          ? { status: response.status }
          : response.status < 400
            ? { status: response.status, body: response.body }
            : masked(response)
      const reference = comparable(observed[0]!)
      for (const [i, response] of observed.entries()) {
        expect(comparable(response), `${servers[i]!.name} differs from ${servers[0]!.name}`).toEqual(
          reference,
        )
      }
    })
  })

  it('an error after the body started streaming ends the connection without a second write, reported once', async () => {
    for (const server of servers) {
      const id = `stream-${server.name}`
      const request = Buffer.from(
        `GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Request-Id: ${id}\r\n\r\n`,
        'latin1',
      )
      const { data } = await rawExchange(server.port, request)
      const text = data.toString('latin1')
      expect(text, server.name).toMatch(/^HTTP\/1\.1 200 /)
      expect(text, server.name).toContain('partial')
      expect(text.match(/HTTP\/1\.1 /g), server.name).toHaveLength(1)
      // A complete chunked body ends with a zero-size chunk; a cut connection never sends it.
      expect(text.endsWith('0\r\n\r\n'), server.name).toBe(false)
      expect(text, server.name).not.toContain(SECRET)
      await until(() => server.recorder.events.some((event) => event.requestId === id), 2000)
      const events = server.recorder.events.filter((event) => event.requestId === id)
      expect(events, server.name).toHaveLength(1)
      expect(events[0]).toMatchObject({ level: 'error', status: 500, responseStarted: true })
      expect(
        (await send(server.port, { method: 'GET', path: '/ok' })).status,
        `${server.name} survives`,
      ).toBe(200)
    }
  })

  it('a client that aborts mid-request is logged once as 499, and the server survives', async () => {
    for (const server of servers) {
      const id = `abort-${server.name}`
      const { connect } = await import('node:net')
      const socket = connect(server.port, '127.0.0.1')
      socket.on('error', () => undefined)
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      socket.write(`GET /wait-for-abort HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${id}\r\n\r\n`)
      await new Promise((resolve) => setTimeout(resolve, 100))
      socket.destroy()
      await until(() => server.recorder.events.some((event) => event.requestId === id), 3000)
      await new Promise((resolve) => setTimeout(resolve, 100))
      const events = server.recorder.events.filter((event) => event.requestId === id)
      expect(events, server.name).toHaveLength(1)
      expect(events[0], server.name).toMatchObject({
        level: 'warn',
        status: 499,
        code: 'CLIENT_CLOSED_REQUEST',
      })
      expect(
        (await send(server.port, { method: 'GET', path: '/ok' })).status,
        `${server.name} survives`,
      ).toBe(200)
    }
  })

  it('raw responses parse as exactly one HTTP message per request', async () => {
    const server = servers[0]!
    const { data } = await rawExchange(
      server.port,
      Buffer.from('GET /codes/NOT_FOUND HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 'latin1'),
    )
    const parsed = parseRaw(data)
    expect(parsed.status).toBe(404)
    expect(JSON.parse(parsed.body)).toMatchObject({ code: 'NOT_FOUND', status: 404 })
  })
})
