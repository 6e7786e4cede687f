import type { CoarseDeadlines } from '../deadlines.js'
import { connectionError } from './connection-failure.js'
import { APIError } from './errors/api-error.js'
import { APITimeoutError } from './errors/api-timeout-error.js'
import { APIUserAbortError } from './errors/api-user-abort-error.js'
import { type ParseErrorOptions, parseError } from './parse-error.js'
import { readSuccessBody } from './success-body.js'

export type AttemptResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: 'response'; readonly error: APIError; readonly headers: Headers }
  | { readonly ok: false; readonly kind: 'network' | 'timeout' | 'abort'; readonly error: APIError }

export interface AttemptRequest {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: BodyInit | undefined
  /** Time for this attempt, response body included; Infinity for none. */
  readonly timeoutMs: number
  readonly signal: AbortSignal | undefined
}

export interface AttemptEnvironment {
  readonly fetch: typeof fetch
  /** The client's shared timeout clock. */
  readonly deadlines: CoarseDeadlines
  readonly parseOptions: ParseErrorOptions
}

/**
 * One HTTP exchange. Its own AbortController carries both the per-attempt timer and the caller's signal, so
 * either stops the request at once; which one fired decides between APITimeoutError and APIUserAbortError.
 */
export async function runAttempt(env: AttemptEnvironment, request: AttemptRequest): Promise<AttemptResult> {
  const { signal, timeoutMs } = request
  if (signal?.aborted) return aborted(signal)
  const controller = new AbortController()
  let timedOut = false
  const watched = Number.isFinite(timeoutMs)
    ? env.deadlines.watch(timeoutMs, () => {
        timedOut = true
        controller.abort(new DOMException('The attempt timed out', 'TimeoutError'))
      })
    : undefined
  const onAbort = () => controller.abort(signal?.reason)
  if (signal !== undefined) signal.addEventListener('abort', onAbort, { once: true })
  try {
    const response = await env.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    })
    if (response.ok) return { ok: true, value: await readSuccessBody(response, request.method) }
    const error = await parseError(response, env.parseOptions)
    // The error body is read leniently, so a cut-off read must be recognised here.
    if (signal?.aborted) return aborted(signal)
    if (timedOut) return { ok: false, kind: 'timeout', error: new APITimeoutError(timeoutMs) }
    return { ok: false, kind: 'response', error, headers: response.headers }
  } catch (cause) {
    if (signal?.aborted) return aborted(signal)
    if (timedOut) return { ok: false, kind: 'timeout', error: new APITimeoutError(timeoutMs, cause) }
    if (cause instanceof APIError)
      return { ok: false, kind: 'response', error: cause, headers: new Headers() }
    return { ok: false, kind: 'network', error: connectionError(cause) }
  } finally {
    if (watched !== undefined) env.deadlines.done(watched)
    if (signal !== undefined) signal.removeEventListener('abort', onAbort)
  }
}

function aborted(signal: AbortSignal): AttemptResult {
  return { ok: false, kind: 'abort', error: new APIUserAbortError(signal.reason) }
}
