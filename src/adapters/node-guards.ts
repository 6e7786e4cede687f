import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { GuardRequest } from '../guards/http/guard-request.js'
import {
  createIdempotencyFlow,
  type IdempotencyFlowOptions,
  type IdempotencyStep,
  idempotencyApplies,
} from '../guards/http/idempotency.js'
import { createRateLimitGuard, type RateLimitGuardOptions } from '../guards/http/rate-limit.js'
import type { ResponseToStore } from '../guards/idempotency/response-policy.js'
import { pathOfUrl } from '../http/path.js'
import type { NodeContext, NodeHandler } from './node.js'

/** A `node:http` request as the guards see it; `req` and `context` let key functions read anything. */
export interface NodeGuardRequest extends GuardRequest {
  readonly req: IncomingMessage
  readonly context: NodeContext
}

/** Reads a node request header as one string (node joins repeats of most headers with `, `). */
/** How many times node saw a header (its `headersDistinct` keeps repeats apart). */
export function nodeHeaderCount(req: Pick<IncomingMessage, 'headersDistinct'>, name: string): number {
  return req.headersDistinct[name.toLowerCase()]?.length ?? 0
}

export function nodeHeader(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value.join(', ') : value
}

function guardRequestOf(req: IncomingMessage, context: NodeContext): NodeGuardRequest {
  return {
    method: req.method ?? 'GET',
    path: pathOfUrl(req.url ?? '/'),
    header: (name) => nodeHeader(req.headers, name),
    headerCount: (name) => nodeHeaderCount(req, name),
    remoteAddress: req.socket.remoteAddress,
    req,
    context,
  }
}

/**
 * Rate limiting around a `node:http` handler (inside `createHandler`/`withErrors`, which render the
 * 429): over the limit, the catalog's 429 with Retry-After and the IETF RateLimit fields; under it,
 * the RateLimit fields are set on the response.
 */
export function rateLimit(
  options: RateLimitGuardOptions<NodeGuardRequest>,
): (handler: NodeHandler) => NodeHandler {
  const guard = createRateLimitGuard(options)
  return (handler) =>
    async function faultlineRateLimit(req, res, context) {
      const { headers } = await guard.check(guardRequestOf(req, context))
      for (const name in headers) res.setHeader(name, headers[name]!)
      return await handler(req, res, context)
    }
}

/** What to do with a response held by `holdNodeResponse`. */
export interface HeldResponseHooks {
  /** The whole response, before any of it is sent; the response is sent when this settles. */
  complete(response: ResponseToStore): Promise<void>
  /** The handler wrote part of the body (`write`, `pipe`): a stream, which passes through untouched. */
  stream(): void
}

type Chunk = string | Uint8Array | undefined | null | ((error?: Error | null) => void)

function bytesOf(chunk: Chunk, encoding: unknown): Uint8Array | null {
  if (typeof chunk === 'string') {
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
  }
  return chunk instanceof Uint8Array ? chunk : null
}

/** Headers handed to `writeHead(status, headers)`, in either of node's shapes (object or flat array). */
function recordHeadHeaders(args: readonly unknown[], into: OutgoingHttpHeaders): void {
  const headers = args.find((arg) => typeof arg === 'object' && arg !== null)
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) into[String(headers[i]).toLowerCase()] = headers[i + 1]
  } else if (headers !== undefined) {
    for (const [name, value] of Object.entries(headers)) into[name.toLowerCase()] = value
  }
}

/**
 * Holds a node `ServerResponse` (node:http, Express) until its body is complete, so it can be stored
 * before a byte is sent: `res.end(body)` (what `res.send`/`res.json` call) runs `complete()` first,
 * then the real `end`. The first `res.write()` makes it a stream: `stream()` runs and everything
 * passes through as written.
 */
export function holdNodeResponse(res: ServerResponse, hooks: HeldResponseHooks): void {
  const { write, end, writeHead } = res
  // Without earlier setHeader calls, node keeps writeHead's headers out of getHeaders().
  const headHeaders: OutgoingHttpHeaders = {}
  let state: 'holding' | 'ending' | 'released' = 'holding'
  const restore = () => {
    res.write = write
    res.end = end
    res.writeHead = writeHead
  }
  res.writeHead = function heldWriteHead(this: ServerResponse, ...args: unknown[]) {
    recordHeadHeaders(args, headHeaders)
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
  } as ServerResponse['writeHead']
  res.write = function heldWrite(this: ServerResponse, ...args: unknown[]) {
    if (state === 'holding') {
      state = 'released'
      restore()
      hooks.stream()
    }
    return (write as (...a: unknown[]) => boolean).apply(this, args)
  } as ServerResponse['write']
  res.end = function heldEnd(this: ServerResponse, ...args: unknown[]) {
    // A second end while the first is held would race it; the first one wins, as node's own would.
    if (state !== 'holding') return this
    state = 'ending'
    const response: ResponseToStore = {
      status: res.statusCode,
      headers: { ...headHeaders, ...res.getHeaders() },
      body: bytesOf(args[0] as Chunk, args[1]),
    }
    void hooks
      .complete(response)
      .catch(() => undefined)
      .finally(() => {
        restore()
        ;(end as (...a: unknown[]) => ServerResponse).apply(res, args)
      })
    return this
  } as ServerResponse['end']
}

/**
 * A handler still running after its client left gets this long to end the response (which is then
 * stored for the retry); past it the key is released, so a handler that never answers cannot block it.
 */
export const RELEASE_AFTER_CLOSE_MS = 30_000

/**
 * Runs an idempotency step over a node response: stores the complete response before it is sent,
 * releases the key for a stream, and for a response that closes without ever being ended.
 */
export function settleOnNodeResponse(
  res: ServerResponse,
  step: Extract<IdempotencyStep, { kind: 'proceed' }>,
) {
  let settled = false
  const settle = (how: () => Promise<void>) => {
    if (settled) return Promise.resolve()
    settled = true
    return how().catch(() => undefined)
  }
  holdNodeResponse(res, {
    complete: (response) =>
      settle(async () => {
        try {
          await step.finish(response)
        } catch {
          // Not storable (a body of an unknown kind): answer without idempotency, as for a stream.
          await step.fail()
        }
      }),
    stream: () => void settle(() => step.fail()),
  })
  res.once('close', () => {
    if (settled) return
    setTimeout(() => void settle(() => step.fail()), RELEASE_AFTER_CLOSE_MS).unref()
  })
}

/** Sends a stored response again, byte for byte, with `Idempotent-Replayed: true`. */
export function replayOnNodeResponse(
  res: ServerResponse,
  step: Extract<IdempotencyStep, { kind: 'replay' }>,
): void {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of step.headers) {
    const known = headers[name]
    headers[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value]
  }
  res.statusCode = step.status
  for (const name in headers) res.setHeader(name, headers[name]!)
  res.end(Buffer.from(step.body.buffer, step.body.byteOffset, step.body.byteLength))
}

/**
 * Idempotency-Key handling around a `node:http` handler (inside `createHandler`/`withErrors`): a
 * completed response, error responses included, is stored by the storage policy before it is sent, and
 * replayed byte for byte (`Idempotent-Replayed: true`); the same key in flight answers 409, with other
 * parameters 422. A streamed body (`res.write`) is never stored: its key is released and it passes.
 * The fingerprint reads the JSON body through `context.body()`, which the handler can still call.
 */
export function idempotency(
  options: IdempotencyFlowOptions<NodeGuardRequest>,
): (handler: NodeHandler) => NodeHandler {
  const flow = createIdempotencyFlow(options)
  const applies = idempotencyApplies(options)
  return (handler) =>
    async function faultlineIdempotency(req, res, context) {
      const request = guardRequestOf(req, context)
      if (!applies(request)) return await handler(req, res, context)
      const step = await flow.begin(request, await context.body())
      if (step.kind === 'skip') return await handler(req, res, context)
      if (step.kind === 'replay') return replayOnNodeResponse(res, step)
      settleOnNodeResponse(res, step)
      return await handler(req, res, context)
    }
}
