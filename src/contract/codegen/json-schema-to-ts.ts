import type { JsonSchema } from '../../catalog/snapshot.js'

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * A TypeScript type for a JSON Schema, for the subset `details` schemas use: primitive types, enum/const,
 * arrays, objects (required, additionalProperties), anyOf/oneOf/allOf. Anything else is `unknown`.
 */
export function jsonSchemaToTs(schema: JsonSchema | boolean, indent = '', depth = 0): string {
  if (schema === true) return 'unknown'
  if (schema === false) return 'never'
  if (depth > 12 || typeof schema !== 'object' || schema === null) return 'unknown'
  if ('const' in schema) return literal(schema.const)
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ') || 'never'
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) {
    return union(
      ((schema.anyOf ?? schema.oneOf) as JsonSchema[]).map((s) => jsonSchemaToTs(s, indent, depth + 1)),
    )
  }
  if (Array.isArray(schema.allOf)) {
    return (schema.allOf as JsonSchema[]).map((s) => wrap(jsonSchemaToTs(s, indent, depth + 1))).join(' & ')
  }
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : []
  if (types.length === 0) return schema.properties ? objectType(schema, indent, depth) : 'unknown'
  return union(types.map((type) => typeFor(type, schema, indent, depth)))
}

function typeFor(type: string, schema: JsonSchema, indent: string, depth: number): string {
  switch (type) {
    case 'string':
      return 'string'
    case 'number':
    case 'integer':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'null':
      return 'null'
    case 'array': {
      const items = schema.items as JsonSchema | boolean | undefined
      if (Array.isArray(schema.prefixItems)) {
        return `[${(schema.prefixItems as JsonSchema[]).map((s) => jsonSchemaToTs(s, indent, depth + 1)).join(', ')}]`
      }
      return `Array<${items === undefined ? 'unknown' : jsonSchemaToTs(items, indent, depth + 1)}>`
    }
    case 'object':
      return objectType(schema, indent, depth)
    default:
      return 'unknown'
  }
}

function objectType(schema: JsonSchema, indent: string, depth: number): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  const inner = indent + '  '
  const lines: string[] = []
  for (const [name, property] of Object.entries(properties)) {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name)
    const optional = required.has(name) ? '' : '?'
    lines.push(`${inner}readonly ${key}${optional}: ${jsonSchemaToTs(property, inner, depth + 1)}`)
  }
  const extra = schema.additionalProperties
  if (extra !== undefined && extra !== false) {
    // An index signature must admit every named property's type too, so it stays `unknown` next to named ones.
    const value =
      lines.length > 0 || extra === true ? 'unknown' : jsonSchemaToTs(extra as JsonSchema, inner, depth + 1)
    lines.push(`${inner}readonly [key: string]: ${value}`)
  } else if (lines.length === 0 && extra === undefined) {
    return 'Record<string, unknown>'
  }
  if (lines.length === 0) return '{}'
  return `{\n${lines.join('\n')}\n${indent}}`
}

function literal(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value)
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)]
  return unique.length === 0 ? 'never' : unique.map(wrap).join(' | ')
}

function wrap(type: string): string {
  return / [|&] /.test(type) && !type.startsWith('{') ? `(${type})` : type
}
