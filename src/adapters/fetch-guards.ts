import type { GuardRequest } from '../guards/http/guard-request.js'
import {
  createIdempotencyFlow,
  type IdempotencyFlowOptions,
  idempotencyApplies,
} from '../guards/http/idempotency.js'
import { createRateLimitGuard, type RateLimitGuardOptions } from '../guards/http/rate-limit.js'
import { readJsonRequest } from '../http/body.js'
import { DEFAULT_BODY_LIMIT, type FaultlineOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { isStreamingContentType } from '../http/started.js'
import { toResponse } from './fetch.js'

/** A fetch `Request` as the guards see it; `request` lets key and tenant functions read anything. */
export interface FetchGuardRequest extends GuardRequest {
  readonly request: Request
}

function guardRequestOf(request: Request): FetchGuardRequest {
  return {
    method: request.method,
    path: pathOfUrl(request.url),
    header: (name) => request.headers.get(name) ?? undefined,
    request,
  }
}

export type FetchHandler<A extends unknown[]> = (request: Request, ...rest: A) => Response | Promise<Response>

/** Wraps a fetch handler, keeping its extra arguments (route context, platform env). */
export type FetchGuard = <A extends unknown[]>(
  handler: FetchHandler<A>,
) => (request: Request, ...rest: A) => Promise<Response>

function withHeaders(response: Response, headers: Record<string, string>): Response {
  let target = response
  for (const name in headers) {
    try {
      target.headers.set(name, headers[name]!)
    } catch {
      // Immutable headers (a proxied fetch() response): copy it once, then set.
      target = new Response(target.body, target)
      target.headers.set(name, headers[name]!)
    }
  }
  return target
}

/**
 * Rate limiting around a fetch handler (inside `withErrors`/`createHandler`, which render the 429): over
 * the limit it throws the catalog's 429 (Retry-After and the IETF RateLimit fields); under it, the
 * RateLimit fields are added to the handler's response.
 */
export function rateLimit(options: RateLimitGuardOptions<FetchGuardRequest>): FetchGuard {
  const guard = createRateLimitGuard(options)
  return (handler) =>
    async function faultlineRateLimit(request, ...rest) {
      const { headers } = await guard.check(guardRequestOf(request))
      return withHeaders(await handler(request, ...rest), headers)
    }
}

export interface FetchIdempotencyOptions extends IdempotencyFlowOptions<FetchGuardRequest> {
  /** Largest body read for the fingerprint; default 1 MiB. */
  readonly bodyLimit?: number | undefined
  /**
   * The options given to `withErrors`/`createHandler`. With them, an error the handler throws is rendered
   * here and stored by the storage policy like any other response (as on the other adapters: a 404
   * replays, a 400 or a 5xx releases the key); without them the key is released and the error rethrown.
   */
  readonly faultline?: FaultlineOptions | undefined
}

/**
 * Idempotency-Key handling around a fetch handler (inside `withErrors`/`createHandler`): a completed
 * response is stored by the storage policy before it is returned, and replayed byte for byte with
 * `Idempotent-Replayed: true`; the same key in flight answers 409, with other parameters 422. A streamed
 * body (no content type, or a streaming one) is never stored: its key is released and the stream passes.
 */
export function idempotency(options: FetchIdempotencyOptions): FetchGuard {
  const flow = createIdempotencyFlow(options)
  const applies = idempotencyApplies(options)
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const render = options.faultline
  return (handler) =>
    async function faultlineIdempotency(request, ...rest) {
      const guardRequest = guardRequestOf(request)
      if (!applies(guardRequest)) return await handler(request, ...rest)
      // A clone, so the handler's own body reader (validate) still gets the stream.
      const step = await flow.begin(guardRequest, await readJsonRequest(request.clone(), limit))
      if (step.kind === 'skip') return await handler(request, ...rest)
      if (step.kind === 'replay') {
        return new Response(step.body as Uint8Array<ArrayBuffer>, {
          status: step.status,
          headers: step.headers.map(([name, value]): [string, string] => [name, value]),
        })
      }
      let response: Response
      try {
        response = await handler(request, ...rest)
      } catch (thrown) {
        if (render === undefined) {
          await step.fail()
          throw thrown
        }
        response = toResponse(thrown, request, render)
      }
      if (response.body !== null && isStreamingContentType(response.headers.get('content-type'))) {
        await step.fail()
        return response
      }
      const bytes = response.body === null ? null : new Uint8Array(await response.arrayBuffer())
      await step.finish({ status: response.status, headers: response.headers, body: bytes })
      return new Response(bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    }
}
