import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { faultline, validate } from '../../../src/adapters/hono.js'
import {
  CORS_ORIGIN,
  PREFIXES,
  ROOT_ONLY_ROUTES,
  ROUTES,
  type RouteSpec,
  type RunningServer,
  recordingOptions,
  untilAborted,
} from '../fixture.js'
import { delay, encoder } from './listen.js'

function register(app: Hono, route: RouteSpec, path: string): void {
  const middleware = route.schemas ? [validate(route.schemas)] : []
  app.on(route.method, path, ...(middleware as []), async (c) => {
    if (route.special === 'cors') c.header('access-control-allow-origin', CORS_ORIGIN)
    if (route.special === 'stream') {
      const failure = route.run({ params: {}, valid: undefined })
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('partial\n'))
        },
        async pull(controller) {
          await delay(20)
          controller.error(failure)
        },
      })
      return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } })
    }
    if (route.special === 'abort') {
      await untilAborted(c.req.raw.signal)
      throw route.run({ params: {}, valid: undefined })
    }
    const req = c.req as unknown as { valid(target: string): unknown }
    const valid: Record<string, unknown> = {}
    if (route.schemas?.params) valid.params = req.valid('param')
    if (route.schemas?.query) valid.query = req.valid('query')
    if (route.schemas?.body) valid.body = req.valid('json')
    const result = await route.run({
      params: c.req.param() as Record<string, string>,
      valid: route.schemas ? valid : undefined,
    })
    return c.json(result as object)
  })
}

/** Routes under a format prefix live in sub-apps mounted with `app.route`, as a Hono app is usually split. */
export async function startHono(): Promise<RunningServer> {
  const recorder = recordingOptions()
  const app = new Hono()
  faultline(app, recorder.options)
  for (const prefix of PREFIXES) {
    const routes = ROUTES.filter(
      (route) => !ROOT_ONLY_ROUTES.includes(route) && prefixOf(route.path) === prefix,
    )
    if (prefix === '') {
      for (const route of routes) register(app, route, route.path)
      continue
    }
    const sub = new Hono()
    for (const route of routes) register(sub, route, route.path.slice(prefix.length))
    app.route(prefix, sub)
  }
  for (const route of ROOT_ONLY_ROUTES) register(app, route, route.path)
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started as Server),
    )
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    name: 'hono',
    port: address.port,
    recorder,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function prefixOf(path: string): string {
  const match = /^\/f\/[A-Za-z]+/.exec(path)
  return match ? match[0] : ''
}
