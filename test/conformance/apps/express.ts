import { createServer } from 'node:http'
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express'
import { faultline, json, validate } from '../../../src/adapters/express.js'
import { CORS_ORIGIN, ROUTES, type RunningServer, recordingOptions, untilAborted } from '../fixture.js'
import { abortSignalOf, delay, listenOnLoopback } from './listen.js'

export async function startExpress(): Promise<RunningServer> {
  const recorder = recordingOptions()
  const app = express()
  for (const route of ROUTES) {
    const handlers: RequestHandler[] = []
    const check = route.schemas ? validate(route.schemas) : undefined
    if (route.schemas?.body) handlers.push(json())
    if (check) handlers.push(check)
    handlers.push(async (req: Request, res: Response, _next: NextFunction) => {
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
      const result = await route.run({
        params: req.params as Record<string, string>,
        valid: check?.input(req),
      })
      res.json(result)
    })
    if (route.method === 'GET') app.get(route.path, ...handlers)
    else app.post(route.path, ...handlers)
  }
  faultline(app, recorder.options)
  const { port, close } = await listenOnLoopback(createServer(app))
  return { name: 'express', port, recorder, close }
}
