import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { createHandler, type FetchRouteHandler, validate } from '../../../src/adapters/fetch.js'
import { CORS_ORIGIN, ROUTES, type RunningServer, recordingOptions, untilAborted } from '../fixture.js'
import { abortSignalOf, delay, encoder, listenOnLoopback } from './listen.js'

/**
 * Serves a fetch handler over node:http the way fetch runtimes do: a `Request` with a streamed body and a
 * signal that aborts when the client leaves; a response body that errors midway destroys the connection.
 */
function serveFetch(handler: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      signal: abortSignalOf(res),
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit)
    const response = await handler(request)
    const outgoing: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      outgoing[name] = value
    })
    res.writeHead(response.status, outgoing)
    if (response.body === null) return res.end()
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk)
      res.end()
    } catch {
      res.destroy()
    }
  }
}

/** CORS for a fetch handler is a wrapper around it, so its header lands on errors too. */
function withCors(handler: (request: Request) => Promise<Response>) {
  return async (request: Request) => {
    const response = await handler(request)
    if (new URL(request.url).pathname.endsWith('/cors'))
      response.headers.set('access-control-allow-origin', CORS_ORIGIN)
    return response
  }
}

export async function startFetch(): Promise<RunningServer> {
  const recorder = recordingOptions()
  const routes: Record<string, FetchRouteHandler> = {}
  for (const route of ROUTES) {
    const check = route.schemas ? validate(route.schemas) : undefined
    routes[`${route.method} ${route.path}`] = async (request, { params }) => {
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
        await untilAborted(request.signal)
        throw route.run({ params: {}, valid: undefined })
      }
      const valid = check ? await check(request, params) : undefined
      return Response.json(await route.run({ params: { ...params }, valid }))
    }
  }
  const handler = withCors(createHandler(routes, recorder.options))
  const { port, close } = await listenOnLoopback(createServer(serveFetch(handler)))
  return { name: 'fetch', port, recorder, close }
}
