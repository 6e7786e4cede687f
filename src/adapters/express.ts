import type { ServerResponse } from 'node:http'
import type { Application, NextFunction, Request, RequestHandler, Response, Router } from 'express'
import { readJsonStream } from '../http/body.js'
import { bodyErrorFrom } from '../http/body-errors.js'
import { sendNodeError } from '../http/node-response.js'
import { routeMissError } from '../http/not-found.js'
import { type FaultlineOptions, type ResolvedOptions, resolveOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { requestIdFrom } from '../http/request-id.js'
import { type RequestFacts, respond } from '../http/respond.js'
import { reportUnanswerable, responseState } from '../http/started.js'
import { compileValidation, type RequestSchemas, type ValidatedInput } from '../http/validate.js'

export type { FaultlineOptions } from '../http/options.js'

declare global {
  namespace Express {
    interface Request {
      /** This request's id: the client's `X-Request-Id` when sane, else a generated one. */
      requestId: string
    }
  }
}

const STATE = Symbol('faultline.express')

interface RequestState {
  readonly options: ResolvedOptions
  readonly startedAt: number
}

type StatefulRequest = Request & { [STATE]?: RequestState; [VALID]?: unknown }

function factsOf(req: StatefulRequest, options: ResolvedOptions): RequestFacts {
  const state = req[STATE]
  return {
    method: req.method,
    path: pathOfUrl(req.originalUrl ?? req.url),
    requestId: req.requestId ?? requestIdFrom(undefined, false, options.generateRequestId),
    startedAt: state?.startedAt,
  }
}

/** Express's own routing tables: which methods serve `path` (a miss's 405 needs them). */
interface RouterLayer {
  match(path: string): false | { path: string }
  route?: { methods: Record<string, boolean> }
  handle?: { stack?: RouterLayer[] }
}

function methodsAt(stack: readonly RouterLayer[], path: string, out: string[]): string[] {
  for (const layer of stack) {
    if (layer.route) {
      if (layer.match(path)) for (const method in layer.route.methods) if (method !== '_all') out.push(method)
    } else if (layer.handle?.stack) {
      const matched = layer.match(path)
      if (matched) methodsAt(layer.handle.stack, path.slice(matched.path.length) || '/', out)
    }
  }
  return out
}

function stackOf(app: Application | Router): RouterLayer[] {
  const holder = app as unknown as { router?: { stack: RouterLayer[] }; stack?: RouterLayer[] }
  return (holder.router ?? (holder as { stack: RouterLayer[] })).stack
}

/** The error response, or, once the response has started or the client has gone, a report and a reset. */
function answer(thrown: unknown, req: Request, res: Response, options: ResolvedOptions): void {
  const facts = factsOf(req, options)
  const state = responseState(res as ServerResponse)
  if (state !== 'open') {
    reportUnanswerable(thrown, facts, options, state)
    res.destroy()
    return
  }
  sendNodeError(res, respond(bodyErrorFrom(thrown, options.catalog) ?? thrown, facts, options).response)
}

function errorHandlerFor(options: ResolvedOptions) {
  return function faultlineErrorHandler(thrown: unknown, req: Request, res: Response, _next: NextFunction) {
    answer(thrown, req, res, options)
  }
}

/**
 * Answers with an error without passing it to `next`: `return sendError(res, catalog.create('NOT_FOUND'))`.
 * The same response, log line and span mark as a thrown error. Anything may be passed, normalized as a
 * thrown value would be. Without `faultline(app)` installed, the error is thrown.
 */
export function sendError(res: Response, error: unknown): void {
  const options = (res.req as StatefulRequest)[STATE]?.options
  if (options === undefined) throw error
  answer(error, res.req, res, options)
}

/**
 * Installs Faultline on an Express 5 app in one call, after its routes: request ids (`req.requestId`,
 * echoed in the response header), a 404/405 handler and the error handler rendering the catalog's format.
 */
export function faultline(app: Application | Router, options: FaultlineOptions): void {
  const resolved = resolveOptions(options)
  const header = resolved.requestIdHeader
  const stack = stackOf(app)
  app.use(function faultlineRequestId(req: Request, res: Response, next: NextFunction) {
    const id = requestIdFrom(req.headers[header], resolved.trustRequestId, resolved.generateRequestId)
    req.requestId = id
    ;(req as StatefulRequest)[STATE] = { options: resolved, startedAt: performance.now() }
    res.setHeader(header, id)
    next()
  })
  // The id must exist before any route runs, while the handlers below must come after every route.
  stack.unshift(stack.pop()!)
  const handleError = errorHandlerFor(resolved)
  app.use(function faultlineNotFound(req: Request, res: Response, next: NextFunction) {
    const methods = methodsAt(stack, pathOfUrl(req.originalUrl ?? req.url), [])
    handleError(routeMissError(resolved.catalog, methods), req, res, next)
  })
  app.use(handleError)
}

export interface JsonOptions {
  /** Bytes; default the installed `bodyLimit`. */
  readonly limit?: number
}

/**
 * A JSON body parser with the same rules on every adapter: 415 for a non-JSON type, 413 past the limit,
 * 400 for an empty or malformed body; a request without a body keeps `req.body` undefined.
 */
export function json(options: JsonOptions = {}): RequestHandler {
  return function faultlineJson(req: Request, _res: Response, next: NextFunction) {
    if (req.body !== undefined) return next()
    const limit = options.limit ?? (req as StatefulRequest)[STATE]?.options.bodyLimit ?? 1024 * 1024
    const headers = {
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      chunked: req.headers['transfer-encoding'] !== undefined,
    }
    readJsonStream(req, headers, limit).then((body) => {
      req.body = body
      next()
    }, next)
  }
}

const VALID = Symbol('faultline.valid')

/** A validating middleware that also reads back, typed, what it parsed for a request. */
export interface ValidateMiddleware<S extends RequestSchemas> extends RequestHandler {
  /** The parsed parts of a request this middleware has passed. */
  input(req: Request): ValidatedInput<S>
}

/**
 * `validate({ body, query, params, headers })` with any Standard Schema: one VALIDATION_ERROR with every
 * issue (paths start with the part: `['body', 'email']`), or the parsed parts for `middleware.input(req)`.
 */
export function validate<const S extends RequestSchemas>(schemas: S): ValidateMiddleware<S> {
  const check = compileValidation(schemas)
  const middleware = function faultlineValidate(req: Request, _res: Response, next: NextFunction) {
    try {
      const result = check(req)
      if (result instanceof Promise) {
        result.then((valid) => {
          ;(req as StatefulRequest)[VALID] = valid
          next()
        }, next)
        return
      }
      ;(req as StatefulRequest)[VALID] = result
      next()
    } catch (thrown) {
      next(thrown)
    }
  } as ValidateMiddleware<S>
  middleware.input = (req) => {
    const valid = (req as StatefulRequest)[VALID]
    if (valid === undefined) throw new TypeError('validate(...).input(req) read before the middleware ran')
    return valid as ValidatedInput<S>
  }
  return middleware
}
export { clientErrorHandler } from '../http/client-error.js'
export * from './express-guards.js'
