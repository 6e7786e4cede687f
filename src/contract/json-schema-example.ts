import type { JsonSchema } from '../catalog/snapshot.js'

/** A plausible value for a JSON Schema (examples in OpenAPI); bounded in depth so recursive schemas end. */
export function exampleFor(schema: JsonSchema, depth = 0): unknown {
  if (depth > 6) return null
  if ('examples' in schema && Array.isArray(schema.examples) && schema.examples.length > 0)
    return schema.examples[0]
  if ('default' in schema) return schema.default
  if ('const' in schema) return schema.const
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (Array.isArray(variants) && variants[0]) return exampleFor(variants[0], depth + 1)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
      for (const [name, property] of Object.entries(properties)) out[name] = exampleFor(property, depth + 1)
      return out
    }
    case 'array': {
      const items = schema.items as JsonSchema | undefined
      return items && typeof items === 'object' ? [exampleFor(items, depth + 1)] : []
    }
    case 'string':
      return stringExample(schema)
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1
    case 'boolean':
      return true
    case 'null':
      return null
    default:
      return schema.properties ? exampleFor({ ...schema, type: 'object' }, depth) : undefined
  }
}

function stringExample(schema: JsonSchema): string {
  switch (schema.format) {
    case 'date-time':
      return '2026-01-01T12:00:00.000Z'
    case 'date':
      return '2026-01-01'
    case 'email':
      return 'user@example.com'
    case 'uri':
    case 'url':
      return 'https://example.com'
    case 'uuid':
      return '01912345-6789-7abc-def0-123456789abc'
    default: {
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0
      return 'string'.padEnd(min, 'x')
    }
  }
}
