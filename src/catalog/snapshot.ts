import type { AnyCatalog, Catalog, SchemaMap } from './define.js'
import { defineErrors } from './define.js'
import type { ErrorEntry, ResolvedEntry } from './entry.js'
import type { CodeNaming } from './naming.js'
import { isRetryable, type RetryStrategy } from './retry.js'
import type { ErrorRole } from './roles.js'

export type JsonSchema = { readonly [key: string]: unknown }

/** One code as the contract sees it: plain JSON, no functions, no schema library objects. */
export interface SnapshotEntry {
  readonly status: number
  readonly title: string
  /** The fixed message; for a message function, the text used when it cannot apply (with `dynamic: true`). */
  readonly message: string
  readonly dynamic?: true
  readonly description: string | null
  readonly resolution: string | null
  readonly group: string | null
  readonly retry: { readonly strategy: RetryStrategy; readonly attempts?: number }
  readonly retryable: boolean
  readonly expose: boolean
  readonly deprecated: boolean | string
  readonly headers: Readonly<Record<string, string>>
  /** JSON Schema of `details`; `{}` when the schema cannot describe itself; null when the code has no details. */
  readonly details: JsonSchema | null
  readonly role: ErrorRole | null
}

export interface CatalogSnapshot {
  readonly faultline: 1
  readonly name?: string
  readonly naming: CodeNaming
  /** The catalog's own order of codes (docs tables follow it); `codes` itself is sorted for stable diffs. */
  readonly order: readonly string[]
  readonly codes: Readonly<Record<string, SnapshotEntry>>
}

interface JsonSchemaSource {
  readonly '~standard'?: {
    readonly jsonSchema?: { readonly input?: (options: { target: string }) => unknown }
  }
}

/** The JSON Schema of an entry's `details`, from Standard JSON Schema, else `detailsJsonSchema`, else unknown (`{}`). */
export function detailsJsonSchemaOf(entry: ResolvedEntry): JsonSchema | null {
  if (entry.details === undefined)
    return entry.detailsJsonSchema ? withoutDialect(entry.detailsJsonSchema) : null
  const converter = (entry.details as JsonSchemaSource)['~standard']?.jsonSchema?.input
  if (typeof converter === 'function') {
    try {
      const schema = converter({ target: 'draft-2020-12' })
      if (typeof schema === 'object' && schema !== null) return withoutDialect(schema as JsonSchema)
    } catch {
      // A schema the library cannot express (a transform, a custom check) falls through to the fallbacks.
    }
  }
  return entry.detailsJsonSchema ? withoutDialect(entry.detailsJsonSchema) : {}
}

/** `$schema` names the dialect of a whole document; inside the snapshot (and OpenAPI) it is noise. */
function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema
  return rest
}

export function snapshotEntry(entry: ResolvedEntry): SnapshotEntry {
  const retry =
    entry.retry.attempts === undefined
      ? { strategy: entry.retry.strategy }
      : { strategy: entry.retry.strategy, attempts: entry.retry.attempts }
  return {
    status: entry.status,
    title: entry.title,
    message: entry.defaultMessage,
    ...(entry.messageFor ? { dynamic: true as const } : {}),
    description: entry.description ?? null,
    resolution: entry.resolution ?? null,
    group: entry.group ?? null,
    retry,
    retryable: isRetryable(entry.retry),
    expose: entry.expose,
    deprecated: entry.deprecated,
    headers: { ...entry.headers },
    details: detailsJsonSchemaOf(entry),
    role: entry.role ?? null,
  }
}

/** A stable JSON picture of a catalog: the contract a diff compares and every generator can read. */
export function snapshotCatalog(catalog: AnyCatalog): CatalogSnapshot {
  const codes: Record<string, SnapshotEntry> = {}
  for (const code of [...catalog.codes].sort()) codes[code] = snapshotEntry(catalog.entry(code)!)
  const snapshot: CatalogSnapshot = {
    faultline: 1,
    ...(catalog.options.name !== undefined ? { name: catalog.options.name } : {}),
    naming: catalog.naming,
    order: [...catalog.codes],
    codes,
  }
  return sortKeysDeep(snapshot) as CatalogSnapshot
}

/** Object keys sorted at every depth (array order kept): the same catalog always serializes to the same text. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key]
    if (item !== undefined) out[key] = sortKeysDeep(item)
  }
  return out
}

export function isCatalogSnapshot(value: unknown): value is CatalogSnapshot {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { faultline?: unknown }).faultline === 1 &&
    typeof (value as { codes?: unknown }).codes === 'object' &&
    (value as { codes?: unknown }).codes !== null
  )
}

/** A working catalog from a snapshot, so every generator accepts either; `details` become `detailsJsonSchema`. */
export function catalogFromSnapshot(snapshot: CatalogSnapshot): Catalog<SchemaMap> {
  if (!isCatalogSnapshot(snapshot))
    throw new TypeError('not a faultline catalog snapshot (expected { faultline: 1, codes })')
  const order = Array.isArray(snapshot.order) ? snapshot.order.filter((code) => code in snapshot.codes) : []
  for (const code of Object.keys(snapshot.codes)) if (!order.includes(code)) order.push(code)
  const entries: Record<string, ErrorEntry<undefined>> = {}
  for (const code of order) entries[code] = entryFromSnapshot(code, snapshot.codes[code]!)
  return defineErrors<SchemaMap>(entries as never, snapshot.name !== undefined ? { name: snapshot.name } : {})
}

function entryFromSnapshot(code: string, entry: SnapshotEntry): ErrorEntry<undefined> {
  if (typeof entry !== 'object' || entry === null || typeof entry.status !== 'number') {
    throw new TypeError(`snapshot code ${code}: status must be a number`)
  }
  const fixed = entry.message
  return {
    status: entry.status,
    title: entry.title,
    // A message function cannot travel as JSON; its fallback text stands in, still marked dynamic.
    message: entry.dynamic ? () => fixed : fixed,
    ...(entry.description != null ? { description: entry.description } : {}),
    ...(entry.resolution != null ? { resolution: entry.resolution } : {}),
    ...(entry.group != null ? { group: entry.group } : {}),
    ...(entry.retry ? { retry: entry.retry } : {}),
    ...(entry.details != null ? { detailsJsonSchema: entry.details } : {}),
    expose: entry.expose,
    ...(entry.headers && Object.keys(entry.headers).length > 0 ? { headers: entry.headers } : {}),
    deprecated: entry.deprecated ?? false,
    ...(entry.role != null ? { role: entry.role } : {}),
  }
}
