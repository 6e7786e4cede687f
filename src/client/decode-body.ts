/** The most of an error body the client reads; a proxy's error page never needs more. */
export const DEFAULT_MAX_ERROR_BODY_BYTES = 256 * 1024

/**
 * Turns a body as any HTTP client hands it over (parsed object, string, Buffer/Uint8Array, ArrayBuffer,
 * undefined) into a value the formats can read: parsed JSON when the text is JSON, else the text itself.
 * Never throws: truncated or invalid JSON stays text.
 */
export function decodeBody(body: unknown, maxBytes: number = DEFAULT_MAX_ERROR_BODY_BYTES): unknown {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return parseJsonText(body.length > maxBytes ? body.slice(0, maxBytes) : body)
  if (ArrayBuffer.isView(body)) {
    const bytes = new Uint8Array(body.buffer, body.byteOffset, Math.min(body.byteLength, maxBytes))
    return parseJsonText(utf8.decode(bytes))
  }
  if (body instanceof ArrayBuffer)
    return parseJsonText(utf8.decode(new Uint8Array(body, 0, Math.min(body.byteLength, maxBytes))))
  return body
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

/** JSON when the text looks like an object or array and parses; the text otherwise. */
export function parseJsonText(text: string): unknown {
  const start = firstNonSpace(text)
  const first = text.charCodeAt(start)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return text
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b

function firstNonSpace(text: string): number {
  let i = 0
  // Bounded by the text length; a BOM counts as space.
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) break
    i++
  }
  return i
}
