import type { HeadersInput } from '../formats/index.js'

/**
 * Any client's response headers (fetch Headers, undici/axios records, arrays for repeated fields) as one
 * plain record with lowercase names, the shape every APIError exposes. Never throws.
 */
export function toHeaderRecord(headers: HeadersInput | unknown): Record<string, string> {
  const record: Record<string, string> = {}
  if (typeof headers !== 'object' || headers === null) return record
  try {
    if (
      typeof (headers as Headers).forEach === 'function' &&
      typeof (headers as Headers).get === 'function'
    ) {
      ;(headers as Headers).forEach((value, name) => {
        record[name.toLowerCase()] = value
      })
      return record
    }
    for (const name of Object.keys(headers)) {
      const text = fieldText((headers as Record<string, unknown>)[name])
      if (text === undefined) continue
      const lower = name.toLowerCase()
      // Two spellings of one name (`Retry-After`, `retry-after`) combine the way a fetch Headers does.
      record[lower] = record[lower] === undefined ? text : `${record[lower]}, ${text}`
    }
  } catch {
    // A hostile headers object (throwing getter or iterator) leaves what was read so far.
  }
  return record
}

function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) {
    const parts = value.filter((part) => typeof part === 'string' || typeof part === 'number')
    return parts.length === 0 ? undefined : parts.join(', ')
  }
  return undefined
}
