import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { Context, Env, Hono, MiddlewareHandler } from 'hono'
import { readJsonRequest } from '../http/body.js'
import { bodyError, bodyErrorFrom } from '../http/body-errors.js'
import { RouteTable, routeMissError } from '../http/not-found.js'
import { type FaultlineOptions, type ResolvedOptions, resolveOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { requestIdFrom } from '../http/request-id.js'
import { type ErrorResponse, factsOfWebRequest, type RequestFacts, respond } from '../http/respond.js'
import { guardStream, isStreamingContentType, reportUnanswerable } from '../http/started.js'
import { compileValidation, type RequestSchemas } from '../http/validate.js'
import { attachState, type RequestState, stateOf } from './hono-state.js'

export type { FaultlineOptions } from '../http/options.js'

function factsOf(c: Context, options: ResolvedOptions): RequestFacts {
  const state = stateOf(c)
  if (state !== undefined) return factsOfWebRequest(c.req.raw, state)
  // Without the fetch wrapper (app.fetch taken before `faultline(app)`), the id is made here.
  const requestId = requestIdFrom(
    c.req.header(options.requestIdHeader),
    options.trustRequestId,
    options.generateRequestId,
  )
  return { method: c.req.method, path: pathOfUrl(c.req.url), requestId }
}

/**
 * Through `c.body` so headers the route set (CORS) stay; the error's own headers win on a clash. Under
 * `@hono/node-server` the headers every error carries (request id, `Cache-Control`) go on the Node
 * response, as the request id already did: Hono passes a lone `Content-Type` through as a plain object,
 * while two headers or more make it build a `Headers`, the largest cost of a small error response.
 */
function toResponse(c: Context, response: ErrorResponse, requestIdHeader: string): Response {
  const outgoing = nodeResponseOf(c.env)
  if (outgoing === undefined) return c.body(response.body, response.status as 400, response.headers)
  const own: Record<string, string> = {}
  const all = response.headers
  for (const name in all) {
    if (name === requestIdHeader || name === 'cache-control') outgoing.setHeader(name, all[name]!)
    else own[name] = all[name]!
  }
  return c.body(response.body, response.status as 400, own)
}

/** What the adapter uses of a Node `ServerResponse` (no import: the adapter also runs off Node). */
interface NodeResponse {
  readonly headersSent: boolean
  setHeader(name: string, value: string): unknown
}

/** The Node response under `@hono/node-server` (its `HttpBindings`), when the app runs there. */
function nodeResponseOf(env: unknown): NodeResponse | undefined {
  const outgoing = (env as { outgoing?: Partial<NodeResponse> } | undefined)?.outgoing
  return typeof outgoing?.setHeader === 'function' && outgoing.headersSent === false
    ? (outgoing as NodeResponse)
    : undefined
}

/**
 * Whether a response's body is already whole (a string, bytes or nothing), read without touching its
 * `headers` or `body`: `@hono/node-server`'s Response keeps `[status, body, headers]` under an own
 * symbol and builds a full Response the moment either is read. Any other Response answers false and is
 * checked the standard way.
 */
function holdsWholeBody(res: Response): boolean {
  let cached = cacheKey === undefined ? undefined : (res as unknown as Record<symbol, unknown>)[cacheKey]
  if (cached === undefined && cacheKey === undefined) {
    // Found once, on the first such response; a property read afterwards.
    for (const key of Object.getOwnPropertySymbols(res)) {
      const value = (res as unknown as Record<symbol, unknown>)[key]
      if (Array.isArray(value) && value.length === 3) {
        cacheKey = key
        cached = value
        break
      }
    }
  }
  if (!Array.isArray(cached)) return false
  const body: unknown = cached[1]
  return body === null || typeof body === 'string' || body instanceof Uint8Array
}

let cacheKey: symbol | undefined

/**
 * The answer as sent: the request id added where no Node response carries it, and a streamed body
 * guarded so that a failure midway is reported once (it can no longer become an error response).
 */
function finish(request: Request, res: Response, state: RequestState, needsIdHeader: boolean): Response {
  let answer = res
  if (needsIdHeader) answer = withHeader(answer, state.options.requestIdHeader, state.requestId)
  if (holdsWholeBody(answer)) return answer
  if (answer.body === null || !isStreamingContentType(answer.headers.get('content-type'))) return answer
  const facts = factsOfWebRequest(request, state)
  const guarded = guardStream(answer.body, (thrown) =>
    reportUnanswerable(thrown, facts, state.options, 'started'),
  )
  return new Response(guarded, {
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
  })
}

/** Sets a header, copying the response first when its headers are immutable (a proxied `fetch` answer). */
function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value)
    return res
  } catch {
    const copy = new Response(res.body, res)
    copy.headers.set(name, value)
    return copy
  }
}

/**
 * What Hono does not hand to `onError` (a thrown string, null, a rejected non-Error) and rethrows: the
 * catalog's envelope all the same, built without a context.
 */
function unhandled(request: Request, state: RequestState, thrown: unknown): Response {
  const response = respond(thrown, factsOfWebRequest(request, state), state.options).response
  return new Response(response.body, { status: response.status, headers: response.headers })
}

/** Routes mounted on the app (sub-apps included), minus middleware (`ALL`), which never decides a 405. */
function routeTableOf(app: Hono<any, any, any>): RouteTable {
  const table = new RouteTable()
  for (const route of app.routes) if (route.method !== 'ALL') table.add(route.method, route.path)
  return table
}

/**
 * Whether a SyntaxError came from this request's `c.req.json()`, not from a handler's own parse: Hono
 * caches the body text, so parsing it again must fail with the very same message.
 */
async function isBodyParseFailure(c: Context, thrown: SyntaxError): Promise<boolean> {
  const cache = c.req.bodyCache as { json?: Promise<unknown>; text?: Promise<string> }
  if (cache.json !== undefined)
    return cache.json.then(
      () => false,
      (reason: unknown) => reason === thrown,
    )
  if (cache.text === undefined) return false
  const text = await cache.text.catch(() => undefined)
  if (typeof text !== 'string') return false
  try {
    JSON.parse(text)
    return false
  } catch (failure) {
    return (failure as Error).message === thrown.message
  }
}

/** `instanceof` asks a Proxy for its prototype, which a hostile value may refuse. */
function isSyntaxError(value: unknown): value is SyntaxError {
  try {
    return value instanceof SyntaxError
  } catch {
    return false
  }
}

/**
 * Installs Faultline on a Hono 4 app in one call, before its routes (Hono runs middleware in order):
 * request ids (`requestIdOf(c)`, echoed on every response), `app.onError` (errors of sub-apps mounted
 * with `app.route` too, `HTTPException` by its status), `app.notFound` with 405 + `Allow`, and a guard on
 * streamed bodies. It wraps `app.fetch`: pass `app.fetch` to the server after this call.
 */
export function faultline<A extends Hono<any, any, any>>(app: A, options: FaultlineOptions): A {
  const resolved = resolveOptions(options)
  const header = resolved.requestIdHeader
  let routes: RouteTable | undefined

  const answer = (c: Context, thrown: unknown): Response =>
    toResponse(
      c,
      respond(bodyErrorFrom(thrown, resolved.catalog) ?? thrown, factsOf(c, resolved), resolved).response,
      header,
    )

  const original = app.fetch
  // Hono runs a route with a single handler synchronously and skips its middleware machinery; a
  // middleware on every route would cost a small response a fifth of its CPU. So Faultline wraps the
  // app's `fetch` instead: the id and the clock are set before Hono sees the request, and the answer is
  // looked at after.
  app.fetch = function faultlineFetch(request: Request, env?: unknown, executionCtx?: unknown) {
    const requestId = requestIdFrom(
      request.headers.get(header),
      resolved.trustRequestId,
      resolved.generateRequestId,
    )
    const state: RequestState = { options: resolved, requestId, startedAt: performance.now() }
    attachState(request, state)
    const outgoing = nodeResponseOf(env)
    // On the Node response the id reaches whatever the app answers, without a `Headers` per response.
    if (outgoing !== undefined) outgoing.setHeader(header, requestId)
    let answered: Response | Promise<Response>
    try {
      answered = original.call(app, request, env as never, executionCtx as never)
    } catch (thrown) {
      return unhandled(request, state, thrown)
    }
    if (answered instanceof Promise) {
      return answered.then(
        (res) => finish(request, res, state, outgoing === undefined),
        (thrown: unknown) => unhandled(request, state, thrown),
      )
    }
    return finish(request, answered, state, outgoing === undefined)
  } as A['fetch']

  app.onError((thrown, c) => {
    if (isSyntaxError(thrown)) {
      return isBodyParseFailure(c, thrown).then((fromBody) =>
        answer(c, fromBody ? bodyError(resolved.catalog, 'malformed', thrown) : thrown),
      )
    }
    return answer(c, thrown)
  })

  app.notFound((c) => {
    // Routes are read at the first miss, once every route and sub-app has been mounted.
    routes ??= routeTableOf(app)
    return answer(c, routeMissError(resolved.catalog, routes.allowedMethods(pathOfUrl(c.req.url))))
  })
  return app
}

/**
 * Answers with an error without throwing it: `return sendError(c, catalog.create('NOT_FOUND'))`. The
 * same response, log line and span mark as a thrown error, without unwinding through Hono's middleware
 * and error handler (on a small error response, the larger part of its cost). Anything may be passed,
 * normalized as a thrown value would be. Without `faultline(app)` installed, the error is thrown.
 */
export function sendError(c: Context, error: unknown): Response {
  const state = stateOf(c)
  if (state === undefined) throw error
  const { options } = state
  return toResponse(c, respond(error, factsOf(c, options), options).response, options.requestIdHeader)
}

/** Hono's validation targets for each request part (`c.req.valid('json')` reads the parsed body). */
interface HonoTargets {
  body: 'json'
  query: 'query'
  params: 'param'
  headers: 'header'
}

type PartsOf<S> = { [K in keyof S & keyof HonoTargets]: S[K] extends StandardSchemaV1 ? K : never }[keyof S &
  keyof HonoTargets]

export type HonoValidatedInput<S extends RequestSchemas> = {
  in: { [K in PartsOf<S> as HonoTargets[K]]: StandardSchemaV1.InferInput<NonNullable<S[K]>> }
  out: { [K in PartsOf<S> as HonoTargets[K]]: StandardSchemaV1.InferOutput<NonNullable<S[K]>> }
}

/**
 * `validate({ body, query, params, headers })` as Hono middleware: reads the JSON body with the installed
 * limits, runs every schema, throws one VALIDATION_ERROR with every issue (paths start with the part),
 * or hands the handler typed values through `c.req.valid('json' | 'query' | 'param' | 'header')`.
 */
export function validate<const S extends RequestSchemas, E extends Env = any, P extends string = string>(
  schemas: S,
): MiddlewareHandler<E, P, HonoValidatedInput<S>> {
  const check = compileValidation(schemas)
  const wantsBody = schemas.body !== undefined
  return async function faultlineValidate(c, next) {
    const limit = stateOf(c as Context)?.options.bodyLimit ?? 1024 * 1024
    const body = wantsBody ? await readJsonRequest(c.req.raw, limit) : undefined
    const raw = { body, query: c.req.query(), params: c.req.param(), headers: c.req.header() }
    const result = check(raw)
    const valid = (result instanceof Promise ? await result : result) as Record<string, unknown>
    if ('body' in valid) c.req.addValidatedData('json', valid.body as {})
    if ('query' in valid) c.req.addValidatedData('query', valid.query as {})
    if ('params' in valid) c.req.addValidatedData('param', valid.params as {})
    if ('headers' in valid) c.req.addValidatedData('header', valid.headers as {})
    await next()
  }
}

export { clientErrorHandler } from '../http/client-error.js'
export { type HonoGuardRequest, type HonoIdempotencyOptions, idempotency, rateLimit } from './hono-guards.js'
export { reportStreamError } from './hono-report.js'
export { requestIdOf } from './hono-state.js'
