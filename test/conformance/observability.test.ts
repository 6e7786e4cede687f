import { AsyncLocalStorage } from 'node:async_hooks'
import { createServer } from 'node:http'
import { Writable } from 'node:stream'
import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { createHandler } from '../../src/adapters/node.js'
import { loadOpenTelemetry } from '../../src/http/otel.js'
import { listenOnLoopback } from './apps/listen.js'
import { catalog, SECRET } from './fixture.js'

const routes = {
  'GET /missing': () => {
    throw catalog.create('NOT_FOUND')
  },
  'GET /crash': () => {
    throw new Error(`db password=${SECRET}`)
  },
}

const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(closers.map((close) => close()))
})

describe('pino as the logger', () => {
  it('logs one record per error: warn for 4xx, error with the cause and its stack for 5xx', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = pino({ level: 'info' }, sink)
    const server = await listenOnLoopback(createServer(createHandler(routes, { catalog, logger })))
    closers.push(server.close)

    const missing = await fetch(`http://127.0.0.1:${server.port}/missing`, {
      headers: { 'x-request-id': 'pino-404' },
    })
    const crash = await fetch(`http://127.0.0.1:${server.port}/crash`, {
      headers: { 'x-request-id': 'pino-500' },
    })
    expect(missing.status).toBe(404)
    expect(crash.status).toBe(500)
    expect(await crash.text()).not.toContain(SECRET)

    const records = lines.map((line) => JSON.parse(line))
    expect(records).toHaveLength(2)
    const [warn, error] = records
    expect(warn).toMatchObject({
      level: 40,
      requestId: 'pino-404',
      code: 'NOT_FOUND',
      status: 404,
      method: 'GET',
      path: '/missing',
    })
    expect(warn.msg).toBe('404 NOT_FOUND GET /missing')
    expect(typeof warn.durationMs).toBe('number')
    expect(error).toMatchObject({ level: 50, requestId: 'pino-500', code: 'INTERNAL_ERROR', status: 500 })
    expect(error.err.message).toContain(SECRET)
    expect(error.err.stack).toContain('    at ')
  })
})

/** A real context manager for the API: the active context follows async work through AsyncLocalStorage. */
class AsyncLocalContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>()
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    active: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(active, () => fn.apply(thisArg, args))
  }
  bind<T>(_context: Context, target: T): T {
    return target
  }
  enable(): this {
    return this
  }
  disable(): this {
    this.#storage.disable()
    return this
  }
}

/** A span that keeps what was set on it: the smallest real implementation of the `Span` interface. */
function recordingSpan() {
  const attributes: Record<string, unknown> = {}
  const statuses: Array<{ code: number; message?: string }> = []
  const span = {
    spanContext: () => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    }),
    setAttribute(key: string, value: unknown) {
      attributes[key] = value
      return span
    },
    setAttributes: () => span,
    addEvent: () => span,
    addLink: () => span,
    addLinks: () => span,
    setStatus(status: { code: number; message?: string }) {
      statuses.push(status)
      return span
    },
    updateName: () => span,
    end: () => undefined,
    isRecording: () => true,
    recordException: () => undefined,
  } as unknown as Span
  return { span, attributes, statuses }
}

describe('OpenTelemetry', () => {
  it('sets error.type on the active span for every error, and ERROR status for 5xx only', async () => {
    const manager = new AsyncLocalContextManager()
    expect(context.setGlobalContextManager(manager)).toBe(true)
    await loadOpenTelemetry()
    const spans = new Map<string, ReturnType<typeof recordingSpan>>()
    const handler = createHandler(routes, { catalog, onError: false })
    const server = await listenOnLoopback(
      createServer((req, res) => {
        const recorded = recordingSpan()
        spans.set(String(req.headers['x-request-id']), recorded)
        context.with(trace.setSpan(ROOT_CONTEXT, recorded.span), () => handler(req, res))
      }),
    )
    closers.push(async () => {
      await server.close()
      context.disable()
    })

    await fetch(`http://127.0.0.1:${server.port}/missing`, { headers: { 'x-request-id': 'otel-404' } })
    await fetch(`http://127.0.0.1:${server.port}/crash`, { headers: { 'x-request-id': 'otel-500' } })

    const client = spans.get('otel-404')!
    expect(client.attributes['error.type']).toBe('NOT_FOUND')
    expect(client.statuses).toEqual([])
    const internal = spans.get('otel-500')!
    expect(internal.attributes['error.type']).toBe('INTERNAL_ERROR')
    expect(internal.statuses).toEqual([{ code: SpanStatusCode.ERROR, message: 'INTERNAL_ERROR' }])
  })
})
