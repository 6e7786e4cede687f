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
  const hash = createHash('sha256')
  const feed = (tag: string, bytes: Uint8Array | string) => {
    const length = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength
    hash.update(`${tag}${length}:`)
    hash.update(bytes)
  }
  feed('v', 'faultline-idempotency-1')
  feed('m', parts.method)
  feed('p', parts.path)
  if (parts.body instanceof Uint8Array) feed('b', parts.body)
  else feed('j', canonicalJson(parts.body))
  feed('h', canonicalJson(parts.headers))
  return hash.digest('hex')
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
