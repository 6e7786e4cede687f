import { readJsonRequest } from '../http/body.js'
import { bodyErrorFrom } from '../http/body-errors.js'
import { routeMissError } from '../http/not-found.js'
import { type FaultlineOptions, type ResolvedOptions, resolveOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { requestIdFrom } from '../http/request-id.js'
import { factsOfWebRequest, respond } from '../http/respond.js'
import { compileRoutes, type RouteMap } from '../http/router.js'
import { guardStream, isStreamingContentType, reportUnanswerable } from '../http/started.js'
import { compileValidation, type RequestSchemas, type ValidatedInput } from '../http/validate.js'

export type { FaultlineOptions } from '../http/options.js'

/** What a request is known by while it is handled: its id and arrival time, keyed by the Request itself. */
interface RequestState {
  readonly requestId: string
  readonly startedAt: number
  readonly options: ResolvedOptions
}

const states = new WeakMap<Request, RequestState>()

function begin(request: Request, options: ResolvedOptions): RequestState {
  let state = states.get(request)
  if (state === undefined) {
    const requestId = requestIdFrom(
      request.headers.get(options.requestIdHeader),
      options.trustRequestId,
      options.generateRequestId,
    )
    state = { requestId, startedAt: performance.now(), options }
    states.set(request, state)
  }
  return state
}

/** The id of a request handled by `withErrors` or `createHandler` (undefined for any other request). */
export function requestIdOf(request: Request): string | undefined {
  return states.get(request)?.requestId
}

/** Anything thrown → the error `Response` in the request's format (for handlers that catch themselves). */
export function toResponse(
  thrown: unknown,
  request: Request,
  options: FaultlineOptions | ResolvedOptions,
): Response {
  const resolved = resolveOptions(options)
  const state = begin(request, resolved)
  const { response } = respond(
    bodyErrorFrom(thrown, resolved.catalog) ?? thrown,
    factsOfWebRequest(request, state),
    resolved,
  )
  return new Response(request.method === 'HEAD' ? null : response.body, {
    status: response.status,
    headers: response.headers,
  })
}

function finish(response: Response, request: Request, state: RequestState): Response {
  const options = state.options
  try {
    if (!response.headers.has(options.requestIdHeader))
      response.headers.set(options.requestIdHeader, state.requestId)
  } catch {
    // Immutable headers (a proxied fetch() response): the id is only missing from a success.
  }
  if (response.body === null || !isStreamingContentType(response.headers.get('content-type'))) return response
  const facts = factsOfWebRequest(request, state)
  const body = guardStream(response.body, (thrown) => reportUnanswerable(thrown, facts, options, 'started'))
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/**
 * Wraps a fetch-style handler (Next.js route handlers, Bun, Deno, Workers): anything it throws becomes
 * the error response; a streamed body that fails midway is reported once and aborted.
 */
export function withErrors<A extends unknown[]>(
  handler: (request: Request, ...rest: A) => Response | Promise<Response>,
  options: FaultlineOptions | ResolvedOptions,
): (request: Request, ...rest: A) => Promise<Response> {
  const resolved = resolveOptions(options)
  return async (request, ...rest) => {
    const state = begin(request, resolved)
    try {
      return finish(await handler(request, ...rest), request, state)
    } catch (thrown) {
      return toResponse(thrown, request, resolved)
    }
  }
}

export interface FetchRouteContext {
  readonly params: Readonly<Record<string, string>>
  readonly requestId: string
}

export type FetchRouteHandler = (request: Request, context: FetchRouteContext) => Response | Promise<Response>

/** `createHandler({ 'GET /agents/:id': handler }, options)`: routing with 404 and 405 + `Allow`, and `withErrors`. */
export function createHandler(
  routes: RouteMap<FetchRouteHandler>,
  options: FaultlineOptions,
): (request: Request) => Promise<Response> {
  const resolved = resolveOptions(options)
  const match = compileRoutes(routes)
  return withErrors((request: Request) => {
    const found = match(request.method, pathOfUrl(request.url))
    if (found.handler === undefined) throw routeMissError(resolved.catalog, found.allowed)
    return found.handler(request, { params: found.params, requestId: begin(request, resolved).requestId })
  }, resolved)
}

/**
 * `const input = await validate({ body, query, params })(request, params)`: reads the JSON body with the
 * installed limits, runs every schema, throws one VALIDATION_ERROR with every issue, or returns typed input.
 */
export function validate<const S extends RequestSchemas>(
  schemas: S,
): (request: Request, params?: Readonly<Record<string, string>>) => Promise<ValidatedInput<S>> {
  const check = compileValidation(schemas)
  const wantsBody = schemas.body !== undefined
  return async (request, params = {}) => {
    const limit = states.get(request)?.options.bodyLimit ?? 1024 * 1024
    const body = wantsBody ? await readJsonRequest(request, limit) : undefined
    const query = Object.fromEntries(new URL(request.url).searchParams)
    const headers = Object.fromEntries(request.headers)
    return await check({ body, query, params, headers })
  }
}
export * from './fetch-guards.js'
