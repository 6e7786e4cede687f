import type { AnyCatalog } from '../catalog/define.js'
import type { ResolvedEntry } from '../catalog/entry.js'
import type { ErrorFormat, FormatName } from '../formats/index.js'
import { resolveFormat } from '../formats/index.js'

/** Fixed context so the generated docs are the same on every run. */
export const EXAMPLE_CONTEXT = {
  requestId: 'req_01JD7QX8Z3K4M5N6P7Q8R9S0T1',
  instance: '/v1/agents',
  timestamp: '2026-01-01T12:00:00.000Z',
} as const

export interface EnvelopeExample {
  readonly format: string
  readonly contentType: string
  readonly code: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

export interface ExampleOptions {
  readonly format?: FormatName | ErrorFormat | undefined
  readonly docsUrl?: string | undefined
}

/**
 * A real error rendered by the chosen format: the catalog's validation code with one field issue when it has
 * one (it shows field-level details), else its first client error without details, else its first code.
 */
export function envelopeExample(catalog: AnyCatalog, options: ExampleOptions = {}): EnvelopeExample {
  const format = resolveFormat(options.format ?? 'problem')
  const entries = catalog.codes.map((code) => catalog.entry(code)!)
  const validation = entries.find((entry) => entry.role === 'validation')
  const error = validation
    ? catalog.fromEntry(validation, {
        message: 'email is required',
        details: { issues: [{ path: ['email'], message: 'email is required' }] },
      })
    : catalog.fromEntry(plainEntry(entries) ?? catalog.roleEntry('badRequest'))
  const rendered = format.render(error, { ...EXAMPLE_CONTEXT, docsUrl: options.docsUrl })
  return {
    format: format.name,
    contentType: format.contentType,
    code: error.code,
    status: rendered.status,
    headers: rendered.headers,
    body: rendered.body,
  }
}

function plainEntry(entries: readonly ResolvedEntry[]): ResolvedEntry | undefined {
  return (
    entries.find((entry) => entry.status < 500 && entry.details === undefined && !entry.detailsJsonSchema) ??
    entries[0]
  )
}
