import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { bodyErrorFrom } from '../http/body-errors.js'
import { RouteTable, routeMissError } from '../http/not-found.js'
import { type FaultlineOptions, resolveOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { keepsOnError } from '../http/preserved-headers.js'
import { requestIdFrom } from '../http/request-id.js'
import { type ErrorResponse, type RequestFacts, respond } from '../http/respond.js'
import { reportUnanswerable, responseState } from '../http/started.js'
import { compileValidation, type RequestSchemas, type ValidatedInput } from '../http/validate.js'

export type { FaultlineOptions } from '../http/options.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's id: the client's `X-Request-Id` when sane, else a generated one. */
    requestId: string
  }
}

function factsOf(request: FastifyRequest, reply: FastifyReply): RequestFacts {
  return {
    method: request.method,
    path: pathOfUrl(request.url),
    requestId: request.requestId,
    startedAt: performance.now() - reply.elapsedTime,
  }
}

function send(reply: FastifyReply, response: ErrorResponse): void {
  const current = reply.getHeaders()
  for (const name in current) if (!keepsOnError(name)) reply.removeHeader(name)
  // A Buffer, because Fastify appends `; charset=utf-8` to the content type of string payloads.
  reply.code(response.status).headers(response.headers).send(Buffer.from(response.body))
}

function methodsOf(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method]
}

/**
 * Installs Faultline on a Fastify 5 instance in one call, before the routes it should cover: request ids
 * (`request.requestId`), the error handler (FST_ERR_* body errors, hook errors, route errors), the 404/405
 * handler, and `bodyLimit` on every route that sets none. Call it on the root instance, or register
 * `faultlinePlugin`, which skips encapsulation so it applies to the root.
 */
export function faultline(app: FastifyInstance, options: FaultlineOptions): void {
  const resolved = resolveOptions(options)
  const header = resolved.requestIdHeader
  const routes = new RouteTable()
  if (!app.hasRequestDecorator('requestId')) app.decorateRequest('requestId', '')

  app.addHook('onRoute', (route) => {
    for (const method of methodsOf(route)) routes.add(method, route.url)
    route.bodyLimit ??= resolved.bodyLimit
  })

  app.addHook('onRequest', function faultlineRequestId(request, reply, done) {
    const id = requestIdFrom(request.headers[header], resolved.trustRequestId, resolved.generateRequestId)
    request.requestId = id
    reply.header(header, id)
    done()
  })

  app.setErrorHandler(function faultlineErrorHandler(thrown, request, reply) {
    if (!request.requestId) request.requestId = requestIdFrom(undefined, false, resolved.generateRequestId)
    const facts = factsOf(request, reply)
    const state = responseState(reply.raw)
    if (state !== 'open') {
      reportUnanswerable(thrown, facts, resolved, state)
      reply.hijack()
      reply.raw.destroy()
      return
    }
    send(reply, respond(bodyErrorFrom(thrown, resolved.catalog) ?? thrown, facts, resolved).response)
  })

  app.setNotFoundHandler(function faultlineNotFound(request, reply) {
    const methods = routes.allowedMethods(pathOfUrl(request.url))
    const facts = factsOf(request, reply)
    send(reply, respond(routeMissError(resolved.catalog, methods), facts, resolved).response)
  })
}

type PluginFunction = (app: FastifyInstance, options: FaultlineOptions, done: (error?: Error) => void) => void

/** `app.register(faultlinePlugin, options)`: the same install as a plugin that is not encapsulated. */
export const faultlinePlugin: PluginFunction = Object.assign(
  function faultlinePlugin(app: FastifyInstance, options: FaultlineOptions, done: (error?: Error) => void) {
    try {
      faultline(app, options)
      done()
    } catch (error) {
      done(error as Error)
    }
  },
  { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'faultline' },
)

const VALID = Symbol('faultline.valid')

type ValidatedRequest = FastifyRequest & { [VALID]?: unknown }

/** A preHandler hook that validates, and reads back, typed, what it parsed for a request. */
export interface ValidateHook<S extends RequestSchemas> {
  (request: FastifyRequest, reply: FastifyReply): Promise<void>
  input(request: FastifyRequest): ValidatedInput<S>
}

/**
 * `{ preHandler: check }` with `check = validate({ body, query, params, headers })` (any Standard Schema):
 * one VALIDATION_ERROR with every issue (paths start with the part), or `check.input(request)` typed.
 */
export function validate<const S extends RequestSchemas>(schemas: S): ValidateHook<S> {
  const check = compileValidation(schemas)
  const hook = async function faultlineValidate(request: FastifyRequest) {
    const result = check(request)
    ;(request as ValidatedRequest)[VALID] = result instanceof Promise ? await result : result
  } as unknown as ValidateHook<S>
  hook.input = (request) => {
    const valid = (request as ValidatedRequest)[VALID]
    if (valid === undefined) throw new TypeError('validate(...).input(request) read before the hook ran')
    return valid as ValidatedInput<S>
  }
  return hook
}
export { clientErrorHandler } from '../http/client-error.js'
export * from './fastify-guards.js'
