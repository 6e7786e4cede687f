import type { Context, MiddlewareHandler } from 'hono'
import type { GuardRequest } from '../guards/http/guard-request.js'
import {
  createIdempotencyFlow,
  type IdempotencyFlowOptions,
  idempotencyApplies,
} from '../guards/http/idempotency.js'
import { createRateLimitGuard, type RateLimitGuardOptions } from '../guards/http/rate-limit.js'
import { readJsonRequest } from '../http/body.js'
import { DEFAULT_BODY_LIMIT } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { isStreamingContentType } from '../http/started.js'
import { requestIdHeaderOf, requestIdOf } from './hono-state.js'

/** A Hono request as the guards see it; `context` lets key and tenant functions read `c.get(...)`. */
export interface HonoGuardRequest extends GuardRequest {
  readonly context: Context
}

function guardRequestOf(c: Context): HonoGuardRequest {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return {
    method: c.req.method,
    path: pathOfUrl(c.req.url),
    header: (name) => c.req.header(name),
    remoteAddress: incoming?.socket?.remoteAddress,
    context: c,
  }
}

/**
 * Rate limiting as Hono middleware: over the limit, the catalog's 429 with Retry-After and the IETF
 * RateLimit fields; under it, the RateLimit fields on the response.
 */
export function rateLimit(options: RateLimitGuardOptions<HonoGuardRequest>): MiddlewareHandler {
  const guard = createRateLimitGuard(options)
  return async function faultlineRateLimit(c, next) {
    const { headers } = await guard.check(guardRequestOf(c))
    for (const name in headers) c.header(name, headers[name])
    await next()
  }
}

export interface HonoIdempotencyOptions extends IdempotencyFlowOptions<HonoGuardRequest> {
  /** Largest body read for the fingerprint; default 1 MiB (the error layer's own limit applies too). */
  readonly bodyLimit?: number | undefined
}

/**
 * Idempotency-Key handling as Hono middleware: a completed response is stored before it is sent and
 * replayed byte for byte (`Idempotent-Replayed: true`); the same key in flight answers 409, with other
 * parameters 422. A streamed response is never stored: its key is released and the stream passes.
 */
export function idempotency(options: HonoIdempotencyOptions): MiddlewareHandler {
  const flow = createIdempotencyFlow(options)
  const applies = idempotencyApplies(options)
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  return async function faultlineIdempotency(c, next) {
    const request = guardRequestOf(c)
    if (!applies(request)) return next()
    // A clone, so the route's own body reader (validate) still gets the stream.
    const body = await readJsonRequest(c.req.raw.clone(), limit)
    const step = await flow.begin(request, body)
    if (step.kind === 'skip') return next()
    if (step.kind === 'replay') {
      const headers = new Headers(step.headers.map(([name, value]): [string, string] => [name, value]))
      // The replay is this request's answer: it carries this request's id, as every other response does.
      const requestId = requestIdOf(c)
      if (requestId !== undefined) headers.set(requestIdHeaderOf(c), requestId)
      return new Response(step.body as Uint8Array<ArrayBuffer>, { status: step.status, headers })
    }
    await next()
    const res = c.res
    if (res.body !== null && isStreamingContentType(res.headers.get('content-type'))) {
      await step.fail()
      return
    }
    const bytes = res.body === null ? null : new Uint8Array(await res.arrayBuffer())
    await step.finish({ status: res.status, headers: res.headers, body: bytes })
    c.res = new Response(bytes as Uint8Array<ArrayBuffer> | null, {
      status: res.status,
      headers: res.headers,
    })
  }
}
