import type { FaultlineError } from '../error.js'
import { isFaultlineError } from '../error.js'
import { normalize } from '../normalize.js'
import { levelFor } from './log.js'
import type { ResolvedOptions } from './options.js'
import { recordOnActiveSpan } from './otel.js'
import { pathOfUrl } from './path.js'

/** What the error layer needs to know about a request, whatever framework received it. */
export interface RequestFacts {
  readonly method: string
  /** The path without the query string. */
  readonly path: string
  readonly requestId: string
  /** `performance.now()` when the request arrived, for `durationMs`. */
  readonly startedAt?: number | undefined
}

/** The facts of a web `Request` whose id and arrival an adapter already holds (fetch, Hono). */
export function factsOfWebRequest(
  request: Request,
  known: { readonly requestId: string; readonly startedAt: number },
): RequestFacts {
  return {
    method: request.method,
    path: pathOfUrl(request.url),
    requestId: known.requestId,
    startedAt: known.startedAt,
  }
}

/** A response ready for any framework: lower-case header names, the body serialized once. */
export interface ErrorResponse {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

export interface ErrorOutcome {
  readonly error: FaultlineError
  readonly response: ErrorResponse
}

function serialize(error: FaultlineError, facts: RequestFacts, options: ResolvedOptions): ErrorResponse {
  const format = options.selectFormat(facts)
  const rendered = format.render(error, {
    requestId: facts.requestId,
    instance: options.instance ? facts.path : undefined,
    timestamp: options.timestamp?.(),
    docsUrl: options.docsUrl,
  })
  const body = JSON.stringify(rendered.body)
  const headers = rendered.headers
  headers['cache-control'] = 'no-store'
  headers[options.requestIdHeader] = facts.requestId
  // A body refused as too large was not read to its end: the socket cannot carry another request.
  if (rendered.status === 413) headers.connection = 'close'
  return { status: rendered.status, headers, body }
}

/**
 * Renders a catalog error in the request's format. If its details cannot be serialized (a BigInt, a
 * cycle, a throwing getter), the client gets a plain INTERNAL_ERROR instead of a crashed handler.
 */
export function renderError(
  error: FaultlineError,
  facts: RequestFacts,
  options: ResolvedOptions,
): ErrorOutcome {
  try {
    return { error, response: serialize(error, facts, options) }
  } catch (failure) {
    const fallback = options.catalog.fromRole('internal', { cause: failure })
    return { error: fallback, response: serialize(fallback, facts, options) }
  }
}

/** What was thrown, for the log: a catalog error's own cause when it has one. */
function causeOf(thrown: unknown, error: FaultlineError): unknown {
  try {
    if (!isFaultlineError(thrown)) return thrown
  } catch {
    return thrown
  }
  return error.cause ?? error
}

/** Calls the error hook once and marks the active span; a throwing hook never breaks the response. */
export function reportError(
  error: FaultlineError,
  thrown: unknown,
  facts: RequestFacts,
  options: ResolvedOptions,
  responseStarted: boolean,
): void {
  recordOnActiveSpan(error)
  const report = options.report
  if (report === undefined) return
  try {
    report({
      level: levelFor(error.status),
      requestId: facts.requestId,
      code: error.code,
      status: error.status,
      method: facts.method,
      path: facts.path,
      durationMs:
        facts.startedAt === undefined
          ? undefined
          : Math.round((performance.now() - facts.startedAt) * 1000) / 1000,
      error,
      cause: causeOf(thrown, error),
      responseStarted,
    })
  } catch {
    // A broken logger must not turn one error into two.
  }
}

/** The whole error path: anything thrown → catalog error → rendered response; reported once. */
export function respond(thrown: unknown, facts: RequestFacts, options: ResolvedOptions): ErrorOutcome {
  const outcome = renderError(normalize(thrown, options.catalog), facts, options)
  reportError(outcome.error, thrown, facts, options, false)
  return outcome
}
