import type { IncomingMessage, ServerResponse } from 'node:http'
import { readJsonStream } from '../http/body.js'
import { bodyErrorFrom } from '../http/body-errors.js'
import { sendNodeError } from '../http/node-response.js'
import { routeMissError } from '../http/not-found.js'
import { type FaultlineOptions, type ResolvedOptions, resolveOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { requestIdFrom } from '../http/request-id.js'
import { type RequestFacts, respond } from '../http/respond.js'
import { compileRoutes, type RouteMap } from '../http/router.js'
import { reportUnanswerable, responseState } from '../http/started.js'
import { compileValidation, type RequestSchemas, type ValidatedInput } from '../http/validate.js'

export type { FaultlineOptions } from '../http/options.js'

/** What a plain `node:http` handler gets besides `req` and `res`. */
export interface NodeContext {
  readonly requestId: string
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, string>>
  /** Reads the JSON body once: 415 for a non-JSON type, 413 past `bodyLimit`, 400 when empty or malformed. */
  body(): Promise<unknown>
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, context: NodeContext) => unknown

/** One context per request; its methods live on the prototype, so no closure is made per request. */
class RequestContext implements NodeContext {
  readonly requestId: string
  readonly startedAt: number
  params: Readonly<Record<string, string>> = {}
  readonly #req: IncomingMessage
  readonly #options: ResolvedOptions
  #query: Record<string, string> | undefined
  #body: Promise<unknown> | undefined

  constructor(req: IncomingMessage, options: ResolvedOptions) {
    this.#req = req
    this.#options = options
    this.startedAt = performance.now()
    this.requestId = requestIdFrom(
      req.headers[options.requestIdHeader],
      options.trustRequestId,
      options.generateRequestId,
    )
  }

  get query(): Readonly<Record<string, string>> {
    if (this.#query === undefined) {
      const url = this.#req.url ?? '/'
      const mark = url.indexOf('?')
      this.#query = mark === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(mark + 1)))
    }
    return this.#query
  }

  body(): Promise<unknown> {
    const req = this.#req
    this.#body ??= readJsonStream(
      req,
      {
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
        chunked: req.headers['transfer-encoding'] !== undefined,
      },
      this.#options.bodyLimit,
    )
    return this.#body
  }

  facts(req: IncomingMessage): RequestFacts {
    return {
      method: req.method ?? 'GET',
      path: pathOfUrl(req.url ?? '/'),
      requestId: this.requestId,
      startedAt: this.startedAt,
    }
  }
}

function fail(
  thrown: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  context: RequestContext,
  options: ResolvedOptions,
) {
  const facts = context.facts(req)
  const state = responseState(res)
  if (state !== 'open') {
    reportUnanswerable(thrown, facts, options, state)
    res.destroy()
    return
  }
  sendNodeError(res, respond(bodyErrorFrom(thrown, options.catalog) ?? thrown, facts, options).response)
}

async function run(
  handler: NodeHandler,
  req: IncomingMessage,
  res: ServerResponse,
  context: RequestContext,
  options: ResolvedOptions,
) {
  try {
    await handler(req, res, context)
  } catch (thrown) {
    fail(thrown, req, res, context, options)
  }
}

/**
 * Wraps a plain `node:http` handler: request ids (`context.requestId`, echoed in the response header),
 * JSON body reading with limits (`context.body()`), and every throw or rejection rendered as the error response.
 */
export function withErrors(
  handler: NodeHandler,
  options: FaultlineOptions | ResolvedOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const resolved = resolveOptions(options)
  return (req, res) => {
    const context = new RequestContext(req, resolved)
    res.setHeader(resolved.requestIdHeader, context.requestId)
    void run(handler, req, res, context, resolved)
  }
}

/** `createHandler({ 'GET /agents/:id': handler }, options)`: routing with 404 and 405 + `Allow`, and `withErrors`. */
export function createHandler(
  routes: RouteMap<NodeHandler> | NodeHandler,
  options: FaultlineOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const resolved = resolveOptions(options)
  if (typeof routes === 'function') return withErrors(routes, resolved)
  const match = compileRoutes(routes)
  return withErrors((req, res, context) => {
    const found = match(req.method ?? 'GET', pathOfUrl(req.url ?? '/'))
    if (found.handler === undefined) throw routeMissError(resolved.catalog, found.allowed)
    ;(context as RequestContext).params = found.params
    return found.handler(req, res, context)
  }, resolved)
}

/**
 * `const input = await validate({ body, query, params })(req, context)`: runs every schema on the request's
 * parts, throws one VALIDATION_ERROR with every issue (paths start with the part), or returns typed input.
 */
export function validate<const S extends RequestSchemas>(
  schemas: S,
): (req: IncomingMessage, context: NodeContext) => Promise<ValidatedInput<S>> {
  const check = compileValidation(schemas)
  const wantsBody = schemas.body !== undefined
  return async (req, context) => {
    const body = wantsBody ? await context.body() : undefined
    return await check({ body, query: context.query, params: context.params, headers: req.headers })
  }
}
export { clientErrorHandler } from '../http/client-error.js'
export { idempotency, type NodeGuardRequest, rateLimit } from './node-guards.js'
