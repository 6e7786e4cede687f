import type { IncomingMessage } from 'node:http'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { validate as expressValidate } from '../../src/adapters/express.js'
import { validate as fastifyValidate } from '../../src/adapters/fastify.js'
import { validate as fetchValidate } from '../../src/adapters/fetch.js'
import { validate as honoValidate, requestIdOf } from '../../src/adapters/hono.js'
import { type NodeContext, validate as nodeValidate } from '../../src/adapters/node.js'

const body = z.object({ name: z.string(), age: z.number() })
const query = z.object({ limit: z.coerce.number() })
const params = z.object({ id: z.string().transform(Number) })

describe('validate gives typed input without casts', () => {
  it('Express: middleware.input(req)', () => {
    const app = express()
    const check = expressValidate({ body, query })
    app.post('/agents', check, (req, res) => {
      const input = check.input(req)
      expectTypeOf(input.body).toEqualTypeOf<{ name: string; age: number }>()
      expectTypeOf(input.query.limit).toEqualTypeOf<number>()
      // @ts-expect-error params had no schema
      input.params
      expectTypeOf(req.requestId).toEqualTypeOf<string>()
      res.json(input.body.name)
    })
  })

  it('Fastify: preHandler hook and hook.input(request)', () => {
    const app = Fastify()
    const check = fastifyValidate({ params, body })
    app.post('/agents/:id', { preHandler: check }, async (request) => {
      const input = check.input(request)
      expectTypeOf(input.params.id).toEqualTypeOf<number>()
      expectTypeOf(input.body.age).toEqualTypeOf<number>()
      expectTypeOf(request.requestId).toEqualTypeOf<string>()
      return input.body
    })
  })

  it("Hono: c.req.valid('json' | 'query' | 'param')", () => {
    const app = new Hono()
    app.post('/agents/:id', honoValidate({ body, query, params }), (c) => {
      expectTypeOf(c.req.valid('json')).toEqualTypeOf<{ name: string; age: number }>()
      expectTypeOf(c.req.valid('query').limit).toEqualTypeOf<number>()
      expectTypeOf(c.req.valid('param').id).toEqualTypeOf<number>()
      expectTypeOf(requestIdOf(c)).toEqualTypeOf<string | undefined>()
      return c.json(c.req.valid('json'))
    })
  })

  it('fetch and node: a function returning the typed input', () => {
    const fromRequest = fetchValidate({ body })
    expectTypeOf(fromRequest).returns.resolves.toEqualTypeOf<{
      readonly body: { name: string; age: number }
    }>()
    const fromNode = nodeValidate({ query, params })
    expectTypeOf(fromNode).parameters.toEqualTypeOf<[IncomingMessage, NodeContext]>()
    expectTypeOf(fromNode).returns.resolves.toEqualTypeOf<{
      readonly params: { id: number }
      readonly query: { limit: number }
    }>()
  })
})
