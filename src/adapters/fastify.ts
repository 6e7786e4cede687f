import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { bodyErrorFrom } from '../http/body-errors.js'
import { RouteTable, routeMissError } from '../http/not-found.js'
import { type FaultlineOptions, type ResolvedOptions, resolveOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { REPRESENTATION_HEADERS } from '../http/preserved-headers.js'
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

/** The installed options, on the instance: Fastify's encapsulated children inherit it by prototype. */
const OPTIONS = Symbol('faultline.options')

type InstalledInstance = FastifyInstance & { [OPTIONS]?: ResolvedOptions }

function factsOf(request: FastifyRequest, reply: FastifyReply): RequestFacts {
  return {
    method: request.method,
    path: pathOfUrl(request.url),
    requestId: request.requestId,
    startedAt: performance.now() - reply.elapsedTime,
  }
}

function send(reply: FastifyReply, response: ErrorResponse): void {
  for (const name of REPRESENTATION_HEADERS) if (reply.hasHeader(name)) reply.removeHeader(name)
  const { headers } = response
  reply.code(response.status).headers(headers)
  // Fastify appends `; charset=utf-8` to a JSON type without one when the payload is a string; a
  // Buffer keeps the type exact (`application/problem+json`), a string saves copying the body.
  const type = headers['content-type']
  reply.send(type?.includes('charset=') ? response.body : Buffer.from(response.body))
}

/** The error response, or, once the response has started or the client has gone, a report and a reset. */
function answer(
  thrown: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ResolvedOptions,
): void {
  if (!request.requestId) request.requestId = requestIdFrom(undefined, false, options.generateRequestId)
  const facts = factsOf(request, reply)
  const state = responseState(reply.raw)
  if (state !== 'open') {
    reportUnanswerable(thrown, facts, options, state)
    reply.hijack()
    reply.raw.destroy()
    return
  }
  send(reply, respond(bodyErrorFrom(thrown, options.catalog) ?? thrown, facts, options).response)
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
  ;(app as InstalledInstance)[OPTIONS] = resolved
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
    answer(thrown, request, reply, resolved)
  })

  app.setNotFoundHandler(function faultlineNotFound(request, reply) {
    const methods = routes.allowedMethods(pathOfUrl(request.url))
    const facts = factsOf(request, reply)
    send(reply, respond(routeMissError(resolved.catalog, methods), facts, resolved).response)
  })
}

/**
 * Answers with an error without throwing it: `return sendError(reply, catalog.create('NOT_FOUND'))`.
 * The same response, log line and span mark as a thrown error, without Fastify's error path (which
 * costs as much again as a small response). Anything may be passed, normalized as a thrown value would
 * be. Without `faultline(app)` installed, the error is thrown.
 */
export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const options = (reply.server as InstalledInstance)[OPTIONS]
  if (options === undefined) throw error
  answer(error, reply.request, reply, options)
  return reply
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
