import type { FaultlineError } from '../error.js'

export type ErrorLevel = 'warn' | 'error'

/** What the error hook receives, once per error: enough to log, alert and trace without re-deriving. */
export interface ErrorEvent {
  /** `warn` for client errors (< 500), `error` for server errors. */
  readonly level: ErrorLevel
  readonly requestId: string
  readonly code: string
  readonly status: number
  readonly method: string
  readonly path: string
  /** Milliseconds from the request's arrival to the error; undefined when the adapter cannot know. */
  readonly durationMs: number | undefined
  readonly error: FaultlineError
  /** What was thrown, as thrown (the normalized error's cause, or the error itself); for 5xx it carries the stack. */
  readonly cause: unknown
  /** True when the response had already started: nothing was sent, the connection was ended. */
  readonly responseStarted: boolean
}

export type ErrorHook = (event: ErrorEvent) => void

/** The slice of pino (or bunyan, or a console-shaped object) the default hook writes to. */
export interface LoggerLike {
  warn(object: Record<string, unknown>, message?: string): void
  error(object: Record<string, unknown>, message?: string): void
}

function describeCause(cause: unknown, withStack: boolean): unknown {
  try {
    if (cause instanceof Error) {
      return withStack ? { name: cause.name, message: cause.message, stack: cause.stack } : cause.message
    }
    return typeof cause === 'object' && cause !== null ? Object.prototype.toString.call(cause) : String(cause)
  } catch {
    return '[unreadable]'
  }
}

function messageOf(event: ErrorEvent): string {
  return `${event.status} ${event.code} ${event.method} ${event.path}`
}

/** The default line: one JSON object per error on stderr, so multi-line stacks never split a log record. */
function logToConsole(event: ErrorEvent): void {
  const line = JSON.stringify({
    level: event.level,
    msg: messageOf(event),
    requestId: event.requestId,
    code: event.code,
    status: event.status,
    method: event.method,
    path: event.path,
    durationMs: event.durationMs,
    responseStarted: event.responseStarted || undefined,
    cause: describeCause(event.cause, event.status >= 500),
  })
  if (event.level === 'error') console.error(line)
  else console.warn(line)
}

/** pino's `logger.warn(obj, msg)`: the cause goes under `err` so pino's serializer prints its stack. */
function logTo(logger: LoggerLike): ErrorHook {
  return (event) => {
    const record: Record<string, unknown> = {
      requestId: event.requestId,
      code: event.code,
      status: event.status,
      method: event.method,
      path: event.path,
      durationMs: event.durationMs,
    }
    if (event.responseStarted) record.responseStarted = true
    if (event.cause !== undefined)
      record.err = event.status >= 500 ? event.cause : describeCause(event.cause, false)
    logger[event.level](record, messageOf(event))
  }
}

/** The hook used when none is given: through `logger` when one is passed, else one console line. */
export function resolveErrorHook(
  onError: ErrorHook | false | undefined,
  logger: LoggerLike | undefined,
): ErrorHook | undefined {
  if (onError === false) return undefined
  if (onError !== undefined) return onError
  return logger === undefined ? logToConsole : logTo(logger)
}

export function levelFor(status: number): ErrorLevel {
  return status >= 500 ? 'error' : 'warn'
}
