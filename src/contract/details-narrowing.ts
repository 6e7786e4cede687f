import type { JsonSchema } from '../catalog/snapshot.js'

/**
 * Where a new `details` schema promises less than the old one: a property removed, a property newly
 * required, a type changed. Clients written against the old schema break on each of these.
 */
export function detailsNarrowing(
  before: JsonSchema | null,
  after: JsonSchema | null,
  path = 'details',
): string[] {
  if (before === null || Object.keys(before).length === 0) return []
  if (after === null) return hasProperties(before) ? [`${path} removed`] : []
  // `{}` is a schema the library could not describe: unknown, so nothing can be said to narrow.
  if (Object.keys(after).length === 0) return []
  const changes: string[] = []
  const typesBefore = typesOf(before)
  const typesAfter = typesOf(after)
  if (typesBefore && typesAfter && typesBefore !== typesAfter) {
    changes.push(`${path}: type changed from ${typesBefore} to ${typesAfter}`)
    return changes
  }
  const propsBefore = propertiesOf(before)
  const propsAfter = propertiesOf(after)
  for (const [name, schema] of Object.entries(propsBefore)) {
    const next = propsAfter[name]
    if (next === undefined) changes.push(`${path}.${name}: property removed`)
    else changes.push(...detailsNarrowing(schema, next, `${path}.${name}`))
  }
  const requiredBefore = new Set(requiredOf(before))
  for (const name of requiredOf(after)) {
    if (!requiredBefore.has(name)) changes.push(`${path}.${name}: newly required`)
  }
  const itemsBefore = before.items as JsonSchema | undefined
  const itemsAfter = after.items as JsonSchema | undefined
  if (isSchema(itemsBefore) && isSchema(itemsAfter))
    changes.push(...detailsNarrowing(itemsBefore, itemsAfter, `${path}[]`))
  return changes
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasProperties(schema: JsonSchema): boolean {
  return Object.keys(propertiesOf(schema)).length > 0
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return isSchema(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {}
}

function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.required)
    ? schema.required.filter((n): n is string => typeof n === 'string')
    : []
}

/** A comparable spelling of a schema's type: `type`, else enum/const, else anyOf variants. */
function typesOf(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type
  if (Array.isArray(schema.type)) return [...schema.type].sort().join(' | ')
  if (Array.isArray(schema.enum)) return `enum ${JSON.stringify(schema.enum)}`
  if ('const' in schema) return `const ${JSON.stringify(schema.const)}`
  return undefined
}
