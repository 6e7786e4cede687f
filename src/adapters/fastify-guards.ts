import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { GuardRequest } from '../guards/http/guard-request.js'
import {
  createIdempotencyFlow,
  type IdempotencyFlowOptions,
  type IdempotencyStep,
  idempotencyApplies,
} from '../guards/http/idempotency.js'
import { createRateLimitGuard, type RateLimitGuardOptions } from '../guards/http/rate-limit.js'
import { pathOfUrl } from '../http/path.js'
import { nodeHeader, nodeHeaderCount, RELEASE_AFTER_CLOSE_MS } from './node-guards.js'

/** A Fastify request as the guards see it; `request` lets key and tenant functions read decorations. */
export interface FastifyGuardRequest extends GuardRequest {
  readonly request: FastifyRequest
}

function guardRequestOf(request: FastifyRequest): FastifyGuardRequest {
  return {
    method: request.method,
    path: pathOfUrl(request.url),
    header: (name) => nodeHeader(request.headers, name),
    headerCount: (name) => nodeHeaderCount(request.raw, name),
    remoteAddress: request.socket.remoteAddress,
    request,
  }
}

export type FastifyGuardHook = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply | undefined>

/**
 * Rate limiting as an `onRequest` hook (`app.addHook('onRequest', limit)`, or `{ onRequest: limit }` on a
 * route): over the limit it throws the catalog's 429 (Retry-After and the IETF RateLimit fields), which the
 * installed error handler renders; under it, the RateLimit fields are set on the reply.
 */
export function rateLimit(options: RateLimitGuardOptions<FastifyGuardRequest>): FastifyGuardHook {
  const guard = createRateLimitGuard(options)
  return async function faultlineRateLimit(request, reply) {
    const { headers } = await guard.check(guardRequestOf(request))
    reply.headers(headers)
  }
}

export interface FastifyIdempotencyHooks {
  /** Claims the key once the body is parsed; answers a replay itself. */
  readonly preHandler: FastifyGuardHook
  /** Stores the serialized payload before it is sent; a stream releases the key instead. */
  readonly onSend: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>
}

type PluginFunction = (app: FastifyInstance, options: unknown, done: (error?: Error) => void) => void

/**
 * `app.register(guard)` adds both hooks to the instance it is registered on (it is not encapsulated, so
 * register it inside your own plugin to scope it to that plugin's routes); `{ ...guard.hooks }` puts them
 * on one route.
 */
export interface FastifyIdempotency extends PluginFunction {
  readonly hooks: FastifyIdempotencyHooks
}

type Proceed = Extract<IdempotencyStep, { kind: 'proceed' }>

function replay(reply: FastifyReply, step: Extract<IdempotencyStep, { kind: 'replay' }>): FastifyReply {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of step.headers) {
    const known = headers[name]
    headers[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value]
  }
  const body = Buffer.from(step.body.buffer, step.body.byteOffset, step.body.byteLength)
  return reply.code(step.status).headers(headers).send(body)
}

/**
 * Idempotency-Key handling as Fastify hooks: `preHandler` (after the body is parsed) claims the key and
 * replays a stored response byte for byte with `Idempotent-Replayed: true`; `onSend` stores the
 * serialized response, error responses included, by the storage policy before it is sent. The same key
 * in flight answers 409, with other parameters 422. A streamed payload is never stored: its key is
 * released and the stream passes.
 */
export function idempotency(options: IdempotencyFlowOptions<FastifyGuardRequest>): FastifyIdempotency {
  const flow = createIdempotencyFlow(options)
  const applies = idempotencyApplies(options)
  const running = new WeakMap<FastifyRequest, Proceed>()

  const preHandler: FastifyGuardHook = async function faultlineIdempotency(request, reply) {
    const guardRequest = guardRequestOf(request)
    if (!applies(guardRequest)) return
    const step = await flow.begin(guardRequest, request.body)
    if (step.kind === 'skip') return
    if (step.kind === 'replay') return replay(reply, step)
    running.set(request, step)
    // A reply that never reaches onSend (hijacked, or its client left and the route gave up).
    reply.raw.once('close', () => {
      if (!running.has(request)) return
      setTimeout(() => {
        if (running.delete(request)) void step.fail().catch(() => undefined)
      }, RELEASE_AFTER_CLOSE_MS).unref()
    })
  }

  const onSend = async function faultlineIdempotencyStore(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
  ) {
    const step = running.get(request)
    if (step === undefined) return payload
    running.delete(request)
    try {
      // A stream (or any body that is not whole bytes) is refused by the store: the catch releases it.
      await step.finish({
        status: reply.statusCode,
        headers: reply.getHeaders(),
        body: (payload ?? null) as string | Uint8Array | null,
      })
    } catch {
      await step.fail().catch(() => undefined)
    }
    return payload
  }

  const hooks: FastifyIdempotencyHooks = { preHandler, onSend }
  const plugin = function faultlineIdempotencyPlugin(
    app: FastifyInstance,
    _options: unknown,
    done: (error?: Error) => void,
  ) {
    app.addHook('preHandler', preHandler)
    app.addHook('onSend', onSend)
    done()
  }
  return Object.assign(plugin, {
    hooks,
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'faultline-idempotency',
  })
}
