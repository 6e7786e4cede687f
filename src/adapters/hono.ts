import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { Context, Env, Hono, MiddlewareHandler, Next } from 'hono'
import { readJsonRequest } from '../http/body.js'
import { bodyError, bodyErrorFrom } from '../http/body-errors.js'
import { RouteTable, routeMissError } from '../http/not-found.js'
import { type FaultlineOptions, type ResolvedOptions, resolveOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { requestIdFrom } from '../http/request-id.js'
import { type ErrorResponse, type RequestFacts, respond } from '../http/respond.js'
import { guardStream, isStreamingContentType, reportUnanswerable } from '../http/started.js'
import { compileValidation, type RequestSchemas } from '../http/validate.js'

export type { FaultlineOptions } from '../http/options.js'

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's id: the client's `X-Request-Id` when sane, else a generated one. */
    requestId: string
  }
}

/** Per-request state under one context key: when the request arrived, and the installed options. */
const STATE_KEY = 'faultline.state'

interface RequestState {
  readonly options: ResolvedOptions
  readonly startedAt: number
}

interface StateContext {
  get(key: typeof STATE_KEY): RequestState | undefined
  set(key: typeof STATE_KEY, value: RequestState): void
}

function stateOf(c: Context): RequestState | undefined {
  return (c as unknown as StateContext).get(STATE_KEY)
}

function factsOf(c: Context, options: ResolvedOptions): RequestFacts {
  let requestId = c.get('requestId')
  if (requestId === undefined) {
    requestId = requestIdFrom(
      c.req.header(options.requestIdHeader),
      options.trustRequestId,
      options.generateRequestId,
    )
  }
  return { method: c.req.method, path: pathOfUrl(c.req.url), requestId, startedAt: stateOf(c)?.startedAt }
}

/**
 * Through `c.body` so headers the route set (CORS) stay; the error's own headers win on a clash. Under
 * `@hono/node-server` the headers every error carries (request id, `Cache-Control`) go on the Node
 * response, as the request id already did: Hono passes a lone `Content-Type` through as a plain object,
 * while two headers or more make it build a `Headers`, the largest cost of a small error response.
 */
function toResponse(c: Context, response: ErrorResponse, requestIdHeader: string): Response {
  const outgoing = nodeResponseOf(c)
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
function nodeResponseOf(c: Context): NodeResponse | undefined {
  const outgoing = (c.env as { outgoing?: Partial<NodeResponse> } | undefined)?.outgoing
  return typeof outgoing?.setHeader === 'function' && outgoing.headersSent === false
    ? (outgoing as NodeResponse)
    : undefined
}

/**
 * Echoes the request id on every response. Under `@hono/node-server` it goes on the Node response, which
 * merges it into whatever the app answers: `c.header()` would make Hono build a `Headers` object for
 * every response, which costs a small response a fifth of its CPU time. Elsewhere, `c.header()`.
 */
function setRequestIdHeader(c: Context, name: string, id: string): void {
  const outgoing = nodeResponseOf(c)
  if (outgoing !== undefined) outgoing.setHeader(name, id)
  else c.header(name, id)
}

/**
 * Whether a response's body is already whole (a string, bytes or nothing), read without touching its
 * \`headers\` or \`body\`: \`@hono/node-server\`'s Response keeps \`[status, body, headers]\` under an own
 * symbol and builds a full Response the moment either is read. Any other Response answers false and is
 * checked the standard way.
 */
function holdsWholeBody(res: Response): boolean {
  for (const key of Object.getOwnPropertySymbols(res)) {
    const cached = (res as unknown as Record<symbol, unknown>)[key]
    if (!Array.isArray(cached) || cached.length !== 3) continue
    const body: unknown = cached[1]
    return body === null || typeof body === 'string' || body instanceof Uint8Array
  }
  return false
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
 * request ids (`c.get('requestId')`), `app.onError` (errors of sub-apps mounted with `app.route` too,
 * `HTTPException` by its status), `app.notFound` with 405 + `Allow`, and a guard on streamed bodies.
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

  app.use(async function faultlineRequest(c: Context, next: Next) {
    const id = requestIdFrom(c.req.header(header), resolved.trustRequestId, resolved.generateRequestId)
    c.set('requestId', id)
    ;(c as unknown as StateContext).set(STATE_KEY, { options: resolved, startedAt: performance.now() })
    setRequestIdHeader(c, header, id)
    try {
      await next()
    } catch (thrown) {
      // Hono hands only Error instances to onError; a thrown string or null arrives here instead.
      c.res = answer(c, thrown)
      return
    }
    if (c.error !== undefined) return
    const res = c.res
    if (holdsWholeBody(res)) return
    if (!isStreamingContentType(res.headers.get('content-type')) || res.body === null) return
    // A stream that fails midway cannot become an error response: report it once and abort the body.
    const facts = factsOf(c, resolved)
    const guarded = guardStream(res.body, (thrown) => reportUnanswerable(thrown, facts, resolved, 'started'))
    c.res = new Response(guarded, { status: res.status, headers: res.headers })
  })

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
