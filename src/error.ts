import type { ResolvedEntry } from './catalog/entry.js'
import type { RetryGuidance } from './catalog/retry.js'

/** A symbol shared by every copy of this module (two installed versions, a bundled copy): the brand check. */
const BRAND = Symbol.for('faultline.error')

export interface FaultlineErrorInit<C extends string, D> {
  readonly entry: ResolvedEntry<C>
  readonly message: string
  readonly details: D
  readonly headers: Readonly<Record<string, string>> | undefined
  readonly expose: boolean
  readonly cause?: unknown
}

/**
 * The one error class thrown and caught everywhere. Its code, status and details come from a catalog
 * entry; `instanceof FaultlineError` works across duplicated module copies through a brand.
 */
export class FaultlineError<C extends string = string, D = unknown> extends Error {
  declare readonly [BRAND]: true
  override readonly name = 'FaultlineError'
  readonly code: C
  readonly status: number
  readonly details: D
  /** Headers sent with the error response (`Retry-After`, `Allow`, ...). */
  readonly headers: Readonly<Record<string, string>>
  /** Whether `message` may reach the client (5xx default to no: the client sees the entry's generic text). */
  readonly expose: boolean
  readonly entry: ResolvedEntry<C>

  constructor(init: FaultlineErrorInit<C, D>) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    this.code = init.entry.code
    this.status = init.entry.status
    this.details = init.details
    this.headers = init.headers ?? EMPTY_HEADERS
    this.expose = init.expose
    this.entry = init.entry
  }

  get retry(): RetryGuidance {
    return this.entry.retry
  }

  /** For logs: never includes the cause (loggers print it separately) nor anything not already public. */
  toJSON(): { code: C; status: number; message: string; details: D } {
    return { code: this.code, status: this.status, message: this.message, details: this.details }
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass being checked, on purpose
    if (this !== FaultlineError) return Function.prototype[Symbol.hasInstance].call(this, value)
    return isFaultlineError(value)
  }
}
Object.defineProperty(FaultlineError.prototype, BRAND, { value: true })

const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({})

export function isFaultlineError(value: unknown): value is FaultlineError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
}

/** The message a client may see: the error's own when exposed, else the entry's fixed text. Decided only here. */
export function publicMessage(error: FaultlineError): string {
  return error.expose ? error.message : error.entry.defaultMessage
}

/**
 * Builds an error, capturing a stack only when asked: an expected 4xx thrown on every bad request
 * should not pay for a stack trace nobody reads. A non-numeric limit makes V8 skip stack capture
 * entirely (a limit of 0 still captures an empty trace through the runtime); `stack` is then set to
 * what a zero-frame trace prints, `FaultlineError: message`, built here rather than by the slower
 * `Error.prototype.toString` builtin.
 */
export function constructError<C extends string, D>(
  init: FaultlineErrorInit<C, D>,
  captureStack: boolean,
): FaultlineError<C, D> {
  if (captureStack) return new FaultlineError(init)
  const limit = Error.stackTraceLimit
  ;(Error as { stackTraceLimit: unknown }).stackTraceLimit = undefined
  let error: FaultlineError<C, D>
  try {
    error = new FaultlineError(init)
  } finally {
    Error.stackTraceLimit = limit
  }
  error.stack = error.message === '' ? error.name : `${error.name}: ${error.message}`
  return error
}
