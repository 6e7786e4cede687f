import type { Server } from 'node:http'
import sensible from '@fastify/sensible'
import Fastify, { type FastifyInstance } from 'fastify'
import { faultline, sendError } from 'faultline/fastify'
import { AGENT_NOT_FOUND_MESSAGE, benchCatalog } from '../catalog.js'
import type { Variant } from '../variants.js'
import { AgentNotFound, agentNotFoundBody, sameAsFaultline } from './envelope.js'

type AgentRequest = { Params: { id: string } }

async function routes(app: FastifyInstance, variant: Variant): Promise<void> {
  app.get('/ok', async () => ({ ok: true }))
  switch (variant) {
    case 'handwritten':
      app.get<AgentRequest>('/agents/:id', async (request, reply) =>
        reply.code(404).send(agentNotFoundBody(request.params.id)),
      )
      return
    case 'handwritten-same':
      app.get<AgentRequest>('/agents/:id', async (request, reply) => {
        const same = sameAsFaultline(request.params.id)
        return reply.code(404).headers(same.headers).send(same.body)
      })
      return
    case 'handwritten-throw':
      app.setErrorHandler((error: AgentNotFound, _request, reply) => {
        reply.code(404).send(agentNotFoundBody(error.agentId))
      })
      app.get<AgentRequest>('/agents/:id', async (request) => {
        throw new AgentNotFound(request.params.id)
      })
      return
    case 'default':
      // Fastify's default error handler renders `{ statusCode, error, message }` from `statusCode`.
      app.get('/agents/:id', async () => {
        throw Object.assign(new Error(AGENT_NOT_FOUND_MESSAGE), { statusCode: 404 })
      })
      return
    case 'peer':
      await app.register(sensible)
      app.get('/agents/:id', async (_request, reply) => reply.notFound(AGENT_NOT_FOUND_MESSAGE))
      return
    case 'faultline':
    case 'faultline+log':
      faultline(app, {
        catalog: benchCatalog,
        format: 'nested',
        ...(variant === 'faultline' ? { onError: false } : {}),
      })
      app.get<AgentRequest>('/agents/:id', async (request) => {
        throw benchCatalog.create('AGENT_NOT_FOUND', { details: { agentId: request.params.id } })
      })
      return
    case 'faultline-send':
      faultline(app, { catalog: benchCatalog, format: 'nested', onError: false })
      app.get<AgentRequest>('/agents/:id', async (request, reply) =>
        sendError(reply, benchCatalog.create('AGENT_NOT_FOUND', { details: { agentId: request.params.id } })),
      )
      return
  }
}

export async function listenFastify(variant: Variant): Promise<Server> {
  const app = Fastify({ logger: false })
  await routes(app, variant)
  await app.listen({ host: '127.0.0.1', port: 0 })
  return app.server
}
