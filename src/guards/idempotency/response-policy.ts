import type { StoredResponse } from './store.js'

/**
 * Which responses are stored for replay, and what of them.
 *
 * Stored: 2xx, 3xx and 4xx, because the request ran to a final answer and a retry must see that same
 * answer (a 404 for a missing parent, a 402 card decline) rather than run again.
 * Not stored (the key is released so a retry with the same key runs again):
 * - 400, 422: the request failed validation and never took effect; the client fixes it and retries.
 * - 401, 403: the request was refused before it took effect; the client fixes its credentials.
 * - 408, 425, 429: the server asked the client to come back later.
 * - 409: a conflict (including a concurrent request on this key) that may clear by itself.
 * - 1xx and 5xx: not a final answer, or a server failure the client should be able to retry.
 */
const RELEASED_4XX = new Set([400, 401, 403, 408, 409, 422, 425, 429])

export function storesResponseByDefault(status: number): boolean {
  if (status < 200 || status >= 500) return false
  return !RELEASED_4XX.has(status)
}

/**
 * Headers that are part of the answer and replayed as they were. Per-response headers (date,
 * set-cookie, request id, content-length, connection) are left out: the replay computes its own.
 */
export const DEFAULT_REPLAYED_HEADERS: readonly string[] = Object.freeze([
  'content-type',
  'content-encoding',
  'content-language',
  'content-location',
  'content-disposition',
  'location',
  'etag',
  'last-modified',
  'cache-control',
  'link',
  'vary',
])

export type ResponseHeaders =
  | Headers
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | number | readonly string[] | undefined>>

/** A response handed to `lease.complete()`: the whole body, already in memory. */
export interface ResponseToStore {
  readonly status: number
  readonly headers?: ResponseHeaders | undefined
  /** The complete body; `null` for a response that has none (204, 304). */
  readonly body: Uint8Array | string | null
  /** Set by a caller whose body is streamed: such a response cannot be stored and `complete()` throws. */
  readonly streaming?: boolean | undefined
}

/** Thrown when asked to store a streamed or unknown-length body: storing it empty would replay a lie. */
export class StreamingResponseNotStorableError extends Error {
  override readonly name = 'StreamingResponseNotStorableError'

  constructor() {
    super(
      'an idempotent response must be stored whole before it is sent: buffer the streamed body ' +
        'and pass its bytes to complete(), or call abandon() and answer without idempotency',
    )
  }
}

export function captureResponse(response: ResponseToStore, allowList: readonly string[]): StoredResponse {
  const body: unknown = response.body
  if (response.streaming === true || isStream(body)) throw new StreamingResponseNotStorableError()
  if (!Number.isInteger(response.status) || response.status < 100 || response.status > 599) {
    throw new RangeError(`not an HTTP status: ${String(response.status)}`)
  }
  const allowed = allowedNames(allowList)
  const headers: Array<readonly [string, string]> = []
  for (const [name, value] of headerEntries(response.headers)) {
    const lower = name.toLowerCase()
    if (allowed.has(lower)) headers.push([lower, value])
  }
  let bytes: Uint8Array
  if (body === null) bytes = new Uint8Array(0)
  else if (typeof body === 'string') bytes = Buffer.from(body, 'utf8')
  else if (body instanceof Uint8Array)
    bytes = new Uint8Array(body) // a copy: the caller may reuse its buffer
  else throw new TypeError('response body must be a Uint8Array, a string or null')
  return { status: response.status, headers, body: bytes }
}

/**
 * The lower-cased allow list as a set, made once per frozen list (a guard freezes its list and passes it
 * on every response); a list that may still change is read afresh.
 */
const allowedSets = new WeakMap<readonly string[], ReadonlySet<string>>()
function allowedNames(allowList: readonly string[]): ReadonlySet<string> {
  let allowed = allowedSets.get(allowList)
  if (allowed === undefined) {
    allowed = new Set(allowList.map((name) => name.toLowerCase()))
    if (Object.isFrozen(allowList)) allowedSets.set(allowList, allowed)
  }
  return allowed
}

function isStream(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false
  if (body instanceof Uint8Array) return false
  return (
    typeof (body as { getReader?: unknown }).getReader === 'function' ||
    typeof (body as { pipe?: unknown }).pipe === 'function' ||
    Symbol.asyncIterator in body
  )
}

function headerEntries(headers: ResponseHeaders | undefined): Array<readonly [string, string]> {
  if (headers === undefined) return []
  if (headers instanceof Headers) return [...headers.entries()]
  if (Symbol.iterator in headers) return [...(headers as Iterable<readonly [string, string]>)]
  const entries: Array<readonly [string, string]> = []
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const item of value) entries.push([name, String(item)])
    else entries.push([name, String(value)])
  }
  return entries
}
