import type { Server } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import { faultline, sendError } from 'faultline/express'
import createError from 'http-errors'
import { AGENT_NOT_FOUND_MESSAGE, benchCatalog } from '../catalog.js'
import type { Variant } from '../variants.js'
import { AgentNotFound, agentNotFoundBody, foreignErrorBody, sameAsFaultline } from './envelope.js'

function routes(app: express.Express, variant: Variant): void {
  app.get('/ok', (_req, res) => {
    res.json({ ok: true })
  })
  switch (variant) {
    case 'handwritten':
      app.get('/agents/:id', (req, res) => {
        res.status(404).json(agentNotFoundBody(req.params.id))
      })
      return
    case 'handwritten-same':
      app.get('/agents/:id', (req, res) => {
        const same = sameAsFaultline(req.params.id)
        res.status(404).set(same.headers).json(same.body)
      })
      return
    case 'handwritten-throw':
      app.get('/agents/:id', (req) => {
        throw new AgentNotFound(req.params.id)
      })
      app.use((error: AgentNotFound, _req: Request, res: Response, _next: NextFunction) => {
        res.status(404).json(agentNotFoundBody(error.agentId))
      })
      return
    case 'default':
      // Express 5 hands a thrown error with `status` to its final handler (an HTML page in production).
      app.get('/agents/:id', () => {
        throw Object.assign(new Error(AGENT_NOT_FOUND_MESSAGE), { status: 404 })
      })
      return
    case 'peer':
      app.get('/agents/:id', (req) => {
        throw createError(404, AGENT_NOT_FOUND_MESSAGE, { details: { agentId: req.params.id } })
      })
      app.use((error: createError.HttpError, _req: Request, res: Response, _next: NextFunction) => {
        const status = error.status ?? 500
        res
          .status(status)
          .json(foreignErrorBody(status, error.expose ? error.message : 'Internal error', error.details))
      })
      return
    case 'faultline':
    case 'faultline+log':
      app.get('/agents/:id', (req) => {
        throw benchCatalog.create('AGENT_NOT_FOUND', { details: { agentId: req.params.id } })
      })
      faultline(app, {
        catalog: benchCatalog,
        format: 'nested',
        ...(variant === 'faultline' ? { onError: false } : {}),
      })
      return
    case 'faultline-send':
      app.get('/agents/:id', (req, res) => {
        sendError(res, benchCatalog.create('AGENT_NOT_FOUND', { details: { agentId: req.params.id } }))
      })
      faultline(app, { catalog: benchCatalog, format: 'nested', onError: false })
      return
  }
}

export function listenExpress(variant: Variant): Promise<Server> {
  const app = express()
  routes(app, variant)
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(server)))
  })
}
