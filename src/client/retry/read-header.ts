/** Anything a response's headers may arrive as: a fetch `Headers`, or a plain record (any key case). */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>

/**
 * Reads one header field by name, case-insensitively. Repeated values (arrays) are joined with ", ",
 * the same way a fetch `Headers` object combines repeated fields.
 */
export function readHeader(headers: HeaderSource | undefined, name: string): string | undefined {
  if (headers === undefined || headers === null) return undefined
  if (typeof headers.get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(name)
    return value ?? undefined
  }
  const record = headers as Readonly<Record<string, unknown>>
  const wanted = name.toLowerCase()
  if (Object.hasOwn(record, name)) return fieldText(record[name])
  if (Object.hasOwn(record, wanted)) return fieldText(record[wanted])
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === wanted) return fieldText(record[key])
  }
  return undefined
}

function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) {
    const parts = value.filter((part): part is string => typeof part === 'string')
    return parts.length === 0 ? undefined : parts.join(', ')
  }
  return undefined
}
