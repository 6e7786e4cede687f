import type { FaultlineError } from '../error.js'

/** What a format needs besides the errors: the request's id and path, a clock, where the docs live. */
export interface RenderContext {
  readonly requestId?: string | undefined
  /** The request path (RFC 9457 `instance`). */
  readonly instance?: string | undefined
  /** ISO 8601 time of the response (seed 003's `meta.timestamp`); defaults to now. */
  readonly timestamp?: string | undefined
  /** URL of the error reference page; each error links to `${docsUrl}#CODE`. */
  readonly docsUrl?: string | undefined
}

export interface RenderedError {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: unknown
}

export type HeadersInput =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | undefined

/** An HTTP response as any client sees it: fetch, undici, axios, ky. `body` is parsed JSON (or raw text). */
export interface WireResponse {
  readonly status: number
  readonly headers?: HeadersInput
  readonly body: unknown
}

/** One error read back from a response. `code` is undefined when the body names none. */
export interface ParsedError {
  readonly code: string | undefined
  readonly status: number
  readonly message: string
  readonly details?: unknown
  readonly requestId?: string | undefined
  /** The field a list-format error points at (seed 003). */
  readonly field?: string | undefined
  /** RFC 9457 `type` URI, when the body carries one. */
  readonly type?: string | undefined
}

/**
 * An envelope shape as a two-way codec: the server renders with it, the client parses with it.
 * A user's own shape implements the same interface.
 */
export interface ErrorFormat {
  readonly name: string
  readonly contentType: string
  render(errors: FaultlineError | readonly FaultlineError[], context?: RenderContext): RenderedError
  /** Reads the errors of a body of this shape; an empty array when the body is not of this shape. */
  parse(response: WireResponse): ParsedError[]
  /** Whether a parsed JSON body has this shape (used by `detectFormat`). */
  matches(body: unknown): boolean
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'
