import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { GuardRequest } from '../guards/http/guard-request.js'
import {
  createIdempotencyFlow,
  type IdempotencyFlowOptions,
  idempotencyApplies,
} from '../guards/http/idempotency.js'
import { createRateLimitGuard, type RateLimitGuardOptions } from '../guards/http/rate-limit.js'
import { readJsonStream } from '../http/body.js'
import { DEFAULT_BODY_LIMIT } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { nodeHeader, nodeHeaderCount, replayOnNodeResponse, settleOnNodeResponse } from './node-guards.js'

/** An Express request as the guards see it; `req` lets key and tenant functions read `req.user` etc. */
export interface ExpressGuardRequest extends GuardRequest {
  readonly req: Request
}

function guardRequestOf(req: Request): ExpressGuardRequest {
  return {
    method: req.method,
    path: pathOfUrl(req.originalUrl ?? req.url),
    header: (name) => nodeHeader(req.headers, name),
    headerCount: (name) => nodeHeaderCount(req, name),
    remoteAddress: req.socket.remoteAddress,
    req,
  }
}

/**
 * Rate limiting as Express middleware: over the limit, `next(error)` with the catalog's 429 (Retry-After
 * and the IETF RateLimit fields), rendered by the installed error handler; under it, the RateLimit fields
 * are set on the response.
 */
export function rateLimit(options: RateLimitGuardOptions<ExpressGuardRequest>): RequestHandler {
  const guard = createRateLimitGuard(options)
  return function faultlineRateLimit(req: Request, res: Response, next: NextFunction) {
    guard.check(guardRequestOf(req)).then(({ headers }) => {
      for (const name in headers) res.setHeader(name, headers[name]!)
      next()
    }, next)
  }
}

export interface ExpressIdempotencyOptions extends IdempotencyFlowOptions<ExpressGuardRequest> {
  /** Largest body read for the fingerprint when no parser ran before; default 1 MiB. */
  readonly bodyLimit?: number | undefined
}

/** The parsed body: the one a parser (`json()`, `express.json()`) left, or read here the same way `json()` does. */
async function bodyOf(req: Request, limit: number): Promise<unknown> {
  if (req.body !== undefined) return req.body
  const body = await readJsonStream(
    req,
    {
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
      chunked: req.headers['transfer-encoding'] !== undefined,
    },
    limit,
  )
  // The stream is consumed: later parsers (json(), express.json()) see a finished request and keep this.
  req.body = body
  return body
}

/**
 * Idempotency-Key handling as Express middleware (after the rate limit and the body parser, before the
 * route): the completed response, error responses included, is stored by the storage policy before it
 * is sent (`res.json`, `res.send`, `res.end(body)`), and replayed byte for byte with
 * `Idempotent-Replayed: true`; the same key in flight answers 409, with other parameters 422. A streamed
 * response (`res.write`, `pipe`) is never stored: its key is released and the stream passes.
 */
export function idempotency(options: ExpressIdempotencyOptions): RequestHandler {
  const flow = createIdempotencyFlow(options)
  const applies = idempotencyApplies(options)
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const run = async (req: Request, res: Response): Promise<boolean> => {
    const request = guardRequestOf(req)
    if (!applies(request)) return true
    const step = await flow.begin(request, await bodyOf(req, limit))
    if (step.kind === 'skip') return true
    if (step.kind === 'replay') {
      replayOnNodeResponse(res, step)
      return false
    }
    settleOnNodeResponse(res, step)
    return true
  }
  return function faultlineIdempotency(req: Request, res: Response, next: NextFunction) {
    run(req, res).then((proceed) => {
      if (proceed) next()
    }, next)
  }
}
