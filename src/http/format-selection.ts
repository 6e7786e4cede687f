import { type ErrorFormat, type FormatName, resolveFormat } from '../formats/index.js'

export type FormatChoice = FormatName | ErrorFormat

/** What a format function may look at: enough to choose per route, nothing framework-specific. */
export interface FormatRequest {
  readonly method: string
  readonly path: string
}

export interface FormatSelectionOptions {
  /** The format of every response not matched below; default `problem`. */
  readonly format?: FormatChoice | undefined
  /** Path prefix → format, e.g. `{ '/v1/public': 'nestedPublic' }`; the longest matching prefix wins. */
  readonly formats?: Readonly<Record<string, FormatChoice>> | undefined
  /** Decides per request; returning undefined falls back to the prefixes, then `format`. */
  readonly formatFor?: ((request: FormatRequest) => FormatChoice | undefined) | undefined
}

export type FormatSelector = (request: FormatRequest) => ErrorFormat

interface PrefixRule {
  readonly prefix: string
  readonly format: ErrorFormat
}

/** `/v1/public` matches `/v1/public` and `/v1/public/x`, never `/v1/publicity`. */
function underPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false
  return path.length === prefix.length || prefix.endsWith('/') || path.charCodeAt(prefix.length) === 47
}

/** Resolves every named format once, so choosing one per request is a prefix scan and no lookup by name. */
export function compileFormatSelection(options: FormatSelectionOptions): FormatSelector {
  const fallback = resolveFormat(options.format ?? 'problem')
  const rules: PrefixRule[] = Object.entries(options.formats ?? {})
    .map(([prefix, format]) => ({ prefix, format: resolveFormat(format) }))
    .sort((a, b) => b.prefix.length - a.prefix.length)
  const byRequest = options.formatFor
  const byPath =
    rules.length === 0
      ? () => fallback
      : (path: string) => {
          for (const rule of rules) if (underPrefix(path, rule.prefix)) return rule.format
          return fallback
        }
  if (byRequest === undefined) return (request) => byPath(request.path)
  return (request) => {
    const chosen = byRequest(request)
    return chosen === undefined ? byPath(request.path) : resolveFormat(chosen)
  }
}
