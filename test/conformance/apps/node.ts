import { createServer } from 'node:http'
import { createHandler, type NodeHandler, validate } from '../../../src/adapters/node.js'
import { CORS_ORIGIN, ROUTES, type RunningServer, recordingOptions, untilAborted } from '../fixture.js'
import { abortSignalOf, delay, listenOnLoopback } from './listen.js'

export async function startNode(): Promise<RunningServer> {
  const recorder = recordingOptions()
  const routes: Record<string, NodeHandler> = {}
  for (const route of ROUTES) {
    const check = route.schemas ? validate(route.schemas) : undefined
    routes[`${route.method} ${route.path}`] = async (req, res, context) => {
      if (route.special === 'cors') res.setHeader('access-control-allow-origin', CORS_ORIGIN)
      if (route.special === 'stream') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' })
        res.write('partial\n')
        await delay(20)
        throw route.run({ params: {}, valid: undefined })
      }
      if (route.special === 'abort') {
        await untilAborted(abortSignalOf(res))
        throw route.run({ params: {}, valid: undefined })
      }
      const valid = check ? await check(req, context) : undefined
      const body = JSON.stringify(await route.run({ params: { ...context.params }, valid }))
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(body)
    }
  }
  const { port, close } = await listenOnLoopback(createServer(createHandler(routes, recorder.options)))
  return { name: 'node', port, recorder, close }
}
