import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { faultline, sendError } from 'faultline/hono'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AGENT_NOT_FOUND_MESSAGE, benchCatalog } from '../catalog.js'
import type { Variant } from '../variants.js'
import { AgentNotFound, agentNotFoundBody, foreignErrorBody, sameAsFaultline } from './envelope.js'

function routes(app: Hono, variant: Variant): void {
  switch (variant) {
    case 'handwritten':
      app.get('/agents/:id', (c) => c.json(agentNotFoundBody(c.req.param('id')), 404))
      break
    case 'handwritten-same':
      app.get('/agents/:id', (c) => {
        const same = sameAsFaultline(c.req.param('id'))
        return c.json(same.body, 404, same.headers)
      })
      break
    case 'handwritten-throw':
      app.get('/agents/:id', (c) => {
        throw new AgentNotFound(c.req.param('id'))
      })
      app.onError((error, c) => c.json(agentNotFoundBody((error as AgentNotFound).agentId), 404))
      break
    case 'default':
      // Without `onError`, Hono answers an HTTPException with its own plain-text response.
      app.get('/agents/:id', () => {
        throw new HTTPException(404, { message: AGENT_NOT_FOUND_MESSAGE })
      })
      break
    case 'peer':
      app.get('/agents/:id', (c) => {
        throw new HTTPException(404, {
          message: AGENT_NOT_FOUND_MESSAGE,
          cause: { agentId: c.req.param('id') },
        })
      })
      app.onError((error, c) => {
        const status = error instanceof HTTPException ? error.status : 500
        const message = status < 500 ? error.message : 'Internal error'
        return c.json(foreignErrorBody(status, message, error.cause), status)
      })
      break
    case 'faultline':
    case 'faultline+log':
      faultline(app, {
        catalog: benchCatalog,
        format: 'nested',
        ...(variant === 'faultline' ? { onError: false } : {}),
      })
      app.get('/agents/:id', (c) => {
        throw benchCatalog.create('AGENT_NOT_FOUND', { details: { agentId: c.req.param('id') } })
      })
      break
    case 'faultline-send':
      faultline(app, { catalog: benchCatalog, format: 'nested', onError: false })
      app.get('/agents/:id', (c) =>
        sendError(c, benchCatalog.create('AGENT_NOT_FOUND', { details: { agentId: c.req.param('id') } })),
      )
      break
  }
  app.get('/ok', (c) => c.json({ ok: true }))
}

export function listenHono(variant: Variant): Promise<Server> {
  const app = new Hono()
  routes(app, variant)
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(server as Server),
    )
  })
}
