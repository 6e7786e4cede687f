import Fastify from 'fastify'
import { faultline, validate } from '../../../src/adapters/fastify.js'
import { CORS_ORIGIN, ROUTES, type RunningServer, recordingOptions, untilAborted } from '../fixture.js'
import { abortSignalOf, delay } from './listen.js'

export async function startFastify(): Promise<RunningServer> {
  const recorder = recordingOptions()
  const app = Fastify({ logger: false })
  faultline(app, recorder.options)
  for (const route of ROUTES) {
    const check = route.schemas ? validate(route.schemas) : undefined
    app.route({
      method: route.method,
      url: route.path,
      ...(check ? { preHandler: check } : {}),
      handler: async (request, reply) => {
        if (route.special === 'cors') reply.header('access-control-allow-origin', CORS_ORIGIN)
        if (route.special === 'stream') {
          reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson' })
          reply.raw.write('partial\n')
          await delay(20)
          throw route.run({ params: {}, valid: undefined })
        }
        if (route.special === 'abort') {
          await untilAborted(abortSignalOf(reply.raw))
          throw route.run({ params: {}, valid: undefined })
        }
        return route.run({ params: request.params as Record<string, string>, valid: check?.input(request) })
      },
    })
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    name: 'fastify',
    port: address.port,
    recorder,
    close: async () => {
      app.server.closeAllConnections()
      await app.close()
    },
  }
}
