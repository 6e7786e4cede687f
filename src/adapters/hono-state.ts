import type { Context } from 'hono'
import type { ResolvedOptions } from '../http/options.js'

/**
 * What `faultline(app)` knows of a request, kept on the request object itself: its `fetch` wrapper
 * starts before Hono builds a context, and a property read costs less than a context variable, which
 * would need a middleware (and a middleware turns off Hono's fast path for every route).
 */
const STATE = Symbol.for('faultline.hono.request')

export interface RequestState {
  readonly options: ResolvedOptions
  readonly requestId: string
  /** `performance.now()` when the request reached the app. */
  readonly startedAt: number
}

type StatefulRequest = Request & { [STATE]?: RequestState }

export function attachState(request: Request, state: RequestState): void {
  ;(request as StatefulRequest)[STATE] = state
}

export function stateOf(c: Context): RequestState | undefined {
  return (c.req.raw as StatefulRequest)[STATE]
}

/** This request's id (the client's `X-Request-Id` when sane, else a generated one); undefined without Faultline. */
export function requestIdOf(c: Context): string | undefined {
  return stateOf(c)?.requestId
}

/** The request id header the installed options name (default `x-request-id`). */
export function requestIdHeaderOf(c: Context): string {
  return stateOf(c)?.options.requestIdHeader ?? 'x-request-id'
}
