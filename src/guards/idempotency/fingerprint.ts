import { createHash } from 'node:crypto'
import { canonicalJson } from './canonical-json.js'

/**
 * The fingerprint that tells "the same request again" from "the same key reused for another request".
 * SHA-256 over the method, the path, the canonical JSON of the body (or its raw bytes) and the headers
 * the caller chose; each part is length-prefixed so no two part lists hash alike.
 */

export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>

export interface FingerprintInput {
  readonly method: string
  readonly path: string
  /** A parsed JSON body (hashed canonically) or raw bytes (hashed as they are). */
  readonly body?: unknown
  readonly headers?: HeaderSource | undefined
  /** Header names (any case) that belong to the request's meaning, e.g. `content-type`, `x-account`. */
  readonly includeHeaders?: readonly string[] | undefined
}

export interface FingerprintParts {
  readonly method: string
  readonly path: string
  readonly body: unknown
  readonly headers: Readonly<Record<string, string>>
}

export interface FingerprintOptions {
  /** Rewrites the parts before hashing, e.g. to drop a volatile `requestedAt` field from the body. */
  readonly select?: ((parts: FingerprintParts) => FingerprintParts) | undefined
}

export function fingerprintRequest(input: FingerprintInput, options: FingerprintOptions = {}): string {
  const defaults: FingerprintParts = {
    method: input.method.toUpperCase(),
    path: input.path,
    body: input.body,
    headers: pickHeaders(input.headers, input.includeHeaders ?? []),
  }
  const parts = options.select ? options.select(defaults) : defaults
  // One length-prefixed text, hashed in one update where the body is JSON (each `update` is a call
  // into native code): the same bytes as feeding the parts one by one, as fingerprints stored by
  // earlier versions were made.
  const head = `${framed('v', VERSION)}${framed('m', parts.method)}${framed('p', parts.path)}`
  const tail = framed('h', canonicalJson(parts.headers))
  const hash = createHash('sha256')
  if (parts.body instanceof Uint8Array) {
    hash.update(`${head}b${parts.body.byteLength}:`)
    hash.update(parts.body)
    hash.update(tail)
  } else {
    hash.update(head + framed('j', canonicalJson(parts.body)) + tail)
  }
  return hash.digest('hex')
}

const VERSION = 'faultline-idempotency-1'

/** `<tag><UTF-8 length>:<text>`: the length prefix keeps two part lists from ever hashing alike. */
function framed(tag: string, text: string): string {
  return `${tag}${Buffer.byteLength(text)}:${text}`
}

function pickHeaders(source: HeaderSource | undefined, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {}
  if (!source || names.length === 0) return picked
  const read = (name: string): string | undefined => {
    if (source instanceof Headers) return source.get(name) ?? undefined
    const lower = name.toLowerCase()
    for (const [key, value] of Object.entries(source)) {
      if (key.toLowerCase() !== lower || value === undefined) continue
      return Array.isArray(value) ? value.join(', ') : String(value)
    }
    return undefined
  }
  for (const name of names) {
    const value = read(name)
    if (value !== undefined) picked[name.toLowerCase()] = value.trim()
  }
  return picked
}
