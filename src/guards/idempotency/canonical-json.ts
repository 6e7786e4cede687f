/**
 * Canonical JSON: one text for every value that means the same thing, so two requests with the same
 * payload hash equally whatever their key order or number spelling. Keys are sorted by UTF-16 code
 * units, numbers use the shortest round-trip form (-0 becomes 0), `undefined` members are dropped as
 * JSON.stringify drops them, and cycles or absurd depth are refused instead of overflowing the stack.
 */

export const MAX_CANONICAL_DEPTH = 512

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError'
}

export function canonicalJson(value: unknown): string {
  const ancestors = new Set<object>()
  const text = write(value, ancestors, 0)
  return text ?? 'null'
}

function write(value: unknown, ancestors: Set<object>, depth: number): string | undefined {
  if (depth > MAX_CANONICAL_DEPTH)
    throw new CanonicalJsonError(`value nests deeper than ${MAX_CANONICAL_DEPTH}`)
  switch (typeof value) {
    case 'string':
      return quote(value)
    case 'number':
      // String() of a finite number is the shortest round-trip form JSON uses; -0 becomes 0.
      return Number.isFinite(value) ? String(value === 0 ? 0 : value) : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return `"${value.toString()}"`
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined
  }
  if (value === null) return 'null'
  const object = value as object
  const json = (object as { toJSON?: unknown }).toJSON
  if (typeof json === 'function') return write(json.call(object), ancestors, depth + 1)
  if (ancestors.has(object)) throw new CanonicalJsonError('value contains a cycle')
  ancestors.add(object)
  try {
    if (ArrayBuffer.isView(object)) {
      return `"${Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('base64')}"`
    }
    // Built by concatenation: no array of parts per level (a request body is hashed on every retry).
    if (Array.isArray(object)) {
      let out = '['
      for (let i = 0; i < object.length; i++) {
        if (i > 0) out += ','
        out += write(object[i], ancestors, depth + 1) ?? 'null'
      }
      return `${out}]`
    }
    const source = object instanceof Map ? Object.fromEntries(object) : (object as Record<string, unknown>)
    // The default sort compares UTF-16 code units, the order canonical JSON asks for.
    const names = Object.keys(source).sort()
    let out = '{'
    for (const name of names) {
      const text = write(source[name], ancestors, depth + 1)
      if (text === undefined) continue
      if (out.length > 1) out += ','
      out += `${quote(name)}:${text}`
    }
    return `${out}}`
  } finally {
    ancestors.delete(object)
  }
}

/** Printable ASCII other than `"` and `\`: a string of these is its own JSON text between quotes. */
const NEEDS_NO_ESCAPE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

/** JSON.stringify of a string; short plain ones (most keys and values) skip its escaping pass (~2× faster). */
function quote(text: string): string {
  return text.length <= 64 && NEEDS_NO_ESCAPE.test(text) ? `"${text}"` : JSON.stringify(text)
}
