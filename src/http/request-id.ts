/** Longer ids are refused: a client must not make every log line and response carry 10 KB. */
export const MAX_REQUEST_ID_LENGTH = 200

/**
 * Whether an incoming id may be echoed: 1–200 visible ASCII characters (0x21–0x7E). This refuses
 * CR/LF (header injection), control characters, spaces and non-ASCII in one check.
 */
export function isAcceptableRequestId(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const length = value.length
  if (length === 0 || length > MAX_REQUEST_ID_LENGTH) return false
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x21 || code > 0x7e) return false
  }
  return true
}

/**
 * Ids generated here: a random per-process prefix plus a counter. Unique across processes with
 * overwhelming probability, and one string concatenation per request instead of a UUID.
 */
export function createRequestIdGenerator(): () => string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6))
  let prefix = 'req_'
  for (const byte of bytes) prefix += byte.toString(16).padStart(2, '0')
  let counter = 0
  return () => {
    counter = counter === Number.MAX_SAFE_INTEGER ? 1 : counter + 1
    return `${prefix}_${counter.toString(36)}`
  }
}

/** The id of a request: the client's when sane (and trusted), else a fresh one. */
export function requestIdFrom(
  incoming: string | readonly string[] | null | undefined,
  trustIncoming: boolean,
  generate: () => string,
): string {
  if (trustIncoming && isAcceptableRequestId(incoming)) return incoming
  return generate()
}
