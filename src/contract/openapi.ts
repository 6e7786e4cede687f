import type { AnyCatalog } from '../catalog/define.js'
import type { ResolvedEntry } from '../catalog/entry.js'
import { detailsJsonSchemaOf, type JsonSchema } from '../catalog/snapshot.js'
import { type ErrorFormat, type FormatName, resolveFormat } from '../formats/index.js'
import { statusText } from '../status-text.js'
import { EXAMPLE_CONTEXT } from './envelope-example.js'
import { envelopeSchema } from './envelope-schemas.js'
import { exampleFor } from './json-schema-example.js'

export interface OpenApiOptions {
  readonly format?: FormatName | ErrorFormat | undefined
  readonly title?: string | undefined
  readonly version?: string | undefined
  readonly docsUrl?: string | undefined
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0'
  readonly info: { readonly title: string; readonly version: string }
  /** Empty: the errors are components for your own paths to reference (some validators insist on the key). */
  readonly paths: Record<string, never>
  readonly components: {
    readonly schemas: Record<string, JsonSchema>
    readonly responses: Record<string, JsonSchema>
  }
}

/** The component name of a status's response: `$ref: '#/components/responses/Error404'`. */
export function responseName(status: number): string {
  return `Error${status}`
}

/** The component name of a code's `details` schema (component keys allow only letters, digits, `.`, `-`, `_`). */
export function detailsSchemaName(code: string): string {
  return `ErrorDetails.${code.replace(/[^A-Za-z0-9._-]/g, '_')}`
}

/**
 * OpenAPI 3.1 components for a catalog: the envelope schema of the chosen format, a `details` schema per code,
 * and one response per status with one example per code. A valid document on its own, with no paths.
 */
export function buildOpenApi(catalog: AnyCatalog, options: OpenApiOptions = {}): OpenApiDocument {
  const format = resolveFormat(options.format ?? 'problem')
  const mediaType = format.contentType.split(';')[0]!.trim()
  const entries = catalog.codes.map((code) => catalog.entry(code)!)
  const schemas: Record<string, JsonSchema> = {
    ErrorCode: {
      type: 'string',
      enum: [...catalog.codes],
      description: 'Stable, machine-readable error code',
    },
    Error: { ...envelopeSchema(format.name), title: `Error (${format.name} envelope)` },
  }
  const detailSchemas = new Map<string, JsonSchema>()
  for (const entry of entries) {
    const schema = detailsJsonSchemaOf(entry)
    if (schema === null) continue
    detailSchemas.set(entry.code, schema)
    schemas[detailsSchemaName(entry.code)] = { ...schema, description: `details of ${entry.code}` }
  }

  const responses: Record<string, JsonSchema> = {}
  for (const [status, group] of groupByStatus(entries)) {
    const examples: Record<string, unknown> = {}
    for (const entry of group) {
      const schema = detailSchemas.get(entry.code)
      const details = schema && Object.keys(schema).length > 0 ? exampleFor(schema) : undefined
      const error = catalog.fromEntry(entry, details === undefined ? {} : { details })
      const rendered = format.render(error, { ...EXAMPLE_CONTEXT, docsUrl: options.docsUrl })
      examples[entry.code] = {
        summary: entry.title,
        ...(entry.description ? { description: entry.description } : {}),
        value: rendered.body,
      }
    }
    responses[responseName(status)] = {
      description: `${statusText(status)}: ${group.map((entry) => entry.code).join(', ')}`,
      ...headersFor(status, group),
      content: { [mediaType]: { schema: { $ref: '#/components/schemas/Error' }, examples } },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? `${catalog.options.name ?? 'API'} errors`,
      version: options.version ?? '1.0.0',
    },
    paths: {},
    components: { schemas, responses },
  }
}

function groupByStatus(entries: readonly ResolvedEntry[]): Map<number, ResolvedEntry[]> {
  const map = new Map<number, ResolvedEntry[]>()
  for (const entry of [...entries].sort((a, b) => a.status - b.status)) {
    map.set(entry.status, [...(map.get(entry.status) ?? []), entry])
  }
  return map
}

function headersFor(
  status: number,
  group: readonly ResolvedEntry[],
): { headers?: Record<string, JsonSchema> } {
  const headers: Record<string, JsonSchema> = {}
  if (status === 429 || status === 503 || group.some((entry) => entry.retry.strategy === 'retry-after')) {
    headers['Retry-After'] = {
      description: 'Seconds to wait before retrying',
      schema: { type: 'integer', minimum: 0 },
    }
  }
  for (const entry of group) {
    for (const name of Object.keys(entry.headers ?? {})) {
      const canonical = name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
      if (canonical.toLowerCase() === 'content-type' || headers[canonical]) continue
      headers[canonical] = { description: `Sent with ${entry.code}`, schema: { type: 'string' } }
    }
  }
  return Object.keys(headers).length > 0 ? { headers } : {}
}
