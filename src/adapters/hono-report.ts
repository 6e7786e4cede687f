import type { Context } from 'hono'
import type { FaultlineError } from '../error.js'
import type { ResolvedOptions } from '../http/options.js'
import { pathOfUrl } from '../http/path.js'
import { reportUnanswerable } from '../http/started.js'

/** The per-request state the Hono adapter keeps under this key (see `faultline()` in hono.ts). */
const STATE_KEY = 'faultline.state'

interface RequestState {
  readonly options: ResolvedOptions
  readonly startedAt: number
}

/** The request id header the installed options name (default `x-request-id`). */
export function requestIdHeaderOf(c: Context): string {
  const state = (c as unknown as { get(key: string): RequestState | undefined }).get(STATE_KEY)
  return state?.options.requestIdHeader ?? 'x-request-id'
}

/**
 * Reports an error that can no longer become a response (a stream that already started, a client
 * that left): normalized, logged once through the installed `onError`, marked on the span.
 * Returns the catalog error. Without Faultline installed on the app it only normalizes.
 */
export function reportStreamError(c: Context, thrown: unknown): FaultlineError | undefined {
  const state = (c as unknown as { get(key: string): RequestState | undefined }).get(STATE_KEY)
  if (state === undefined) return undefined
  const facts = {
    method: c.req.method,
    path: pathOfUrl(c.req.url),
    requestId: c.get('requestId') ?? '',
    startedAt: state.startedAt,
  }
  return reportUnanswerable(thrown, facts, state.options, 'started')
}
