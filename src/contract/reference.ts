import type { AnyCatalog } from '../catalog/define.js'
import type { ResolvedEntry } from '../catalog/entry.js'
import { isRetryable } from '../catalog/retry.js'
import { detailsJsonSchemaOf, type JsonSchema } from '../catalog/snapshot.js'
import { statusText } from '../status-text.js'
import { type EnvelopeExample, type ExampleOptions, envelopeExample } from './envelope-example.js'
import { retryNote } from './retry-notes.js'
import { type SdkClass, sdkClassesFor } from './sdk-classes.js'

/** Everything an error reference page shows, independent of Markdown or HTML. */
export interface ErrorReference {
  readonly title: string
  readonly intro: string
  readonly example: EnvelopeExample
  readonly groups: readonly ReferenceGroup[]
  readonly retryRows: readonly RetryRow[]
  readonly retryRules: RetryRules
  readonly sdkClasses: readonly SdkClass[]
  readonly detailFields: readonly DetailField[]
}

export interface ReferenceGroup {
  readonly name: string
  readonly rows: readonly ReferenceRow[]
}

export interface ReferenceRow {
  readonly code: string
  readonly status: number
  readonly statusText: string
  readonly description: string
  readonly resolution: string
  readonly deprecated: boolean | string
  readonly retryable: boolean
}

export interface RetryRow {
  readonly status: number
  readonly retryable: 'Yes' | 'No' | 'Depends on the code'
  readonly notes: string
}

export interface RetryRules {
  readonly safe: readonly string[]
  readonly unsafe: readonly string[]
}

export interface DetailField {
  readonly code: string
  readonly field: string
  readonly type: string
  readonly required: boolean
}

export interface ReferenceOptions extends ExampleOptions {
  readonly title?: string | undefined
}

const UNGROUPED = 'Other Errors'

export function buildReference(catalog: AnyCatalog, options: ReferenceOptions = {}): ErrorReference {
  const entries = catalog.codes.map((code) => catalog.entry(code)!)
  const name = catalog.options.name
  return {
    title: options.title ?? (name ? `${name} error codes` : 'Error codes'),
    intro:
      'Every error response carries a stable `code` that identifies the error: key off it programmatically. ' +
      'Messages are for humans and may change between releases. Use this reference to understand and resolve errors.',
    example: envelopeExample(catalog, options),
    groups: groupRows(entries),
    retryRows: retryRows(entries),
    retryRules: retryRules(entries),
    sdkClasses: sdkClassesFor(new Set(entries.map((entry) => entry.status))),
    detailFields: entries.flatMap(detailFieldsOf),
  }
}

function groupRows(entries: readonly ResolvedEntry[]): ReferenceGroup[] {
  const anyGrouped = entries.some((entry) => entry.group !== undefined)
  const groups = new Map<string, ReferenceRow[]>()
  for (const entry of entries) {
    const name = entry.group ?? (anyGrouped ? UNGROUPED : 'Error codes')
    const rows = groups.get(name) ?? []
    groups.set(name, rows)
    rows.push({
      code: entry.code,
      status: entry.status,
      statusText: statusText(entry.status),
      description: entry.description ?? entry.title,
      resolution: entry.resolution ?? '',
      deprecated: entry.deprecated,
      retryable: isRetryable(entry.retry),
    })
  }
  // Ungrouped codes read best after the named groups.
  const ordered = [...groups.entries()].sort(([a], [b]) => Number(a === UNGROUPED) - Number(b === UNGROUPED))
  return ordered.map(([name, rows]) => ({ name, rows }))
}

function byStatus(entries: readonly ResolvedEntry[]): Map<number, ResolvedEntry[]> {
  const map = new Map<number, ResolvedEntry[]>()
  for (const entry of [...entries].sort((a, b) => a.status - b.status)) {
    const list = map.get(entry.status)
    if (list) list.push(entry)
    else map.set(entry.status, [entry])
  }
  return map
}

function retryRows(entries: readonly ResolvedEntry[]): RetryRow[] {
  const rows: RetryRow[] = []
  for (const [status, group] of byStatus(entries)) {
    const notes = new Map<string, string[]>()
    for (const entry of group) {
      const note = retryNote(entry.retry, status)
      notes.set(note, [...(notes.get(note) ?? []), entry.code])
    }
    const retryable = group.filter((entry) => isRetryable(entry.retry)).length
    const verdict = retryable === 0 ? 'No' : retryable === group.length ? 'Yes' : 'Depends on the code'
    const text =
      notes.size === 1
        ? [...notes.keys()][0]!
        : [...notes.entries()].map(([note, codes]) => `${codes.join(', ')}: ${note}`).join('; ')
    rows.push({ status, retryable: verdict, notes: text })
  }
  return rows
}

function retryRules(entries: readonly ResolvedEntry[]): RetryRules {
  const safe = new Map<string, Set<number>>()
  const unsafe = new Map<string, Set<number>>()
  for (const entry of entries) {
    const target = isRetryable(entry.retry) ? safe : unsafe
    const note = retryNote(entry.retry, entry.status)
    const statuses = target.get(note) ?? new Set<number>()
    statuses.add(entry.status)
    target.set(note, statuses)
  }
  const lines = (map: Map<string, Set<number>>) =>
    [...map.entries()].map(
      ([note, statuses]) => `${[...statuses].sort((a, b) => a - b).join(', ')}: ${lowerFirst(note)}`,
    )
  return { safe: lines(safe), unsafe: lines(unsafe) }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function detailFieldsOf(entry: ResolvedEntry): DetailField[] {
  const schema = detailsJsonSchemaOf(entry)
  if (schema === null) return []
  const properties = schema.properties as Record<string, JsonSchema> | undefined
  if (!properties || typeof properties !== 'object') {
    return [{ code: entry.code, field: '(any)', type: schemaTypeName(schema), required: false }]
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  return Object.entries(properties).map(([field, property]) => ({
    code: entry.code,
    field,
    type: schemaTypeName(property),
    required: required.has(field),
  }))
}

/** A short human name of a JSON Schema's type (`string`, `array of object`, `"a" | "b"`). */
export function schemaTypeName(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ')
  if ('const' in schema) return JSON.stringify(schema.const)
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (Array.isArray(variants)) return variants.map(schemaTypeName).join(' | ')
  const type = schema.type
  if (Array.isArray(type)) return type.join(' | ')
  if (type === 'array') {
    const items = schema.items as JsonSchema | undefined
    return items && typeof items === 'object' ? `array of ${schemaTypeName(items)}` : 'array'
  }
  return typeof type === 'string' ? type : 'any'
}
