import type { ParsedError } from '../../formats/index.js'

/** Everything an APIError carries; built by `parseError` or by the client for no-response failures. */
export interface APIErrorInit<C extends string | undefined = string | undefined, D = unknown> {
  /** HTTP status; 0 when no response arrived (connection, timeout, abort). */
  readonly status: number
  readonly code: C
  readonly message: string
  readonly requestId?: string | undefined
  readonly details?: D
  /** Response headers as a plain record with lowercase names. */
  readonly headers?: Readonly<Record<string, string>>
  /** Seconds the server asked the client to wait, when it said. */
  readonly retryAfter?: number | undefined
  readonly retryable: boolean
  /** The body as received (text for a fetch Response, else whatever the caller passed). */
  readonly body?: unknown
  /** Every error the body held (a list envelope may hold several); the first one is this error. */
  readonly errors?: readonly ParsedError[]
  /** RFC 9457 `type` URI, when the body had one. */
  readonly type?: string | undefined
  readonly cause?: unknown
}

/**
 * The base of every error the client raises. `status` picks the subclass (see status-classes.ts);
 * `code` and `details` come from the body whatever its envelope shape.
 */
export class APIError<C extends string | undefined = string | undefined, D = unknown> extends Error {
  override name = 'APIError'
  readonly status: number
  readonly code: C
  readonly requestId: string | undefined
  readonly details: D
  readonly headers: Readonly<Record<string, string>>
  readonly retryAfter: number | undefined
  readonly retryable: boolean
  readonly body: unknown
  readonly errors: readonly ParsedError[]
  readonly type: string | undefined

  constructor(init: APIErrorInit<C, D>) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    this.status = init.status
    this.code = init.code
    this.requestId = init.requestId
    this.details = init.details as D
    this.headers = init.headers ?? EMPTY_HEADERS
    this.retryAfter = init.retryAfter
    this.retryable = init.retryable
    this.body = init.body
    this.errors = init.errors ?? []
    this.type = init.type
  }
}

const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({})
