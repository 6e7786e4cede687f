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
  declare readonly name: 'FaultlineError'
  // Declared, not initialized: `assignCatalogFields` sets them for both ways of making an error.
  declare readonly code: C
  declare readonly status: number
  declare readonly details: D
  /** Headers sent with the error response (`Retry-After`, `Allow`, ...). */
  declare readonly headers: Readonly<Record<string, string>>
  /** Whether `message` may reach the client (5xx default to no: the client sees the entry's generic text). */
  declare readonly expose: boolean
  declare readonly entry: ResolvedEntry<C>

  constructor(init: FaultlineErrorInit<C, D>) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    assignCatalogFields(this as Writable<FaultlineError<C, D>>, init)
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
// On the prototype, as for built-in errors: one property less to define on every instance.
Object.defineProperty(FaultlineError.prototype, 'name', {
  value: 'FaultlineError',
  writable: true,
  configurable: true,
})

const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({})

type Writable<T> = { -readonly [K in keyof T]: T[K] }

/** The fields an error takes from its catalog entry, in one order for both ways of making one. */
function assignCatalogFields<C extends string, D>(
  error: Writable<FaultlineError<C, D>>,
  init: FaultlineErrorInit<C, D>,
): void {
  error.code = init.entry.code
  error.status = init.entry.status
  error.details = init.details
  error.headers = init.headers ?? EMPTY_HEADERS
  error.expose = init.expose
  error.entry = init.entry
}

export function isFaultlineError(value: unknown): value is FaultlineError {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
}

/** The message a client may see: the error's own when exposed, else the entry's fixed text. Decided only here. */
export function publicMessage(error: FaultlineError): string {
  return error.expose ? error.message : error.entry.defaultMessage
}

/**
 * Builds an error, capturing a stack only when asked: an expected 4xx thrown on every bad request
 * should not pay for a stack trace nobody reads. The object is made from the prototype rather than
 * through `Error`'s constructor, which costs half a microsecond even with no trace to capture (ten times
 * everything else here): it is an `Error` by prototype, `instanceof` and Node's inspection, though
 * not a native one (`util.types.isNativeError` says false). A stack, when wanted, comes from
 * `Error.captureStackTrace`; otherwise `stack` is what a zero-frame trace prints.
 */
export function constructError<C extends string, D>(
  init: FaultlineErrorInit<C, D>,
  captureStack: boolean,
): FaultlineError<C, D> {
  const error = Object.create(FaultlineError.prototype) as Writable<FaultlineError<C, D>>
  // Assigned, so enumerable (defining it as a native error has it would cost more than the rest together);
  // Node's inspection and pino's serializer print it once all the same. The rare cause is defined as usual.
  error.message = init.message
  if (init.cause !== undefined)
    Object.defineProperty(error, 'cause', { value: init.cause, writable: true, configurable: true })
  assignCatalogFields(error, init)
  if (captureStack) Error.captureStackTrace(error, constructError)
  else error.stack = init.message === '' ? 'FaultlineError' : `FaultlineError: ${init.message}`
  return error as FaultlineError<C, D>
}
