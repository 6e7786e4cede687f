import type { AnyCatalog } from '../catalog/define.js'
import type { FaultlineError } from '../error.js'

/** Methods listed first in `Allow`, in this order; any others follow alphabetically. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** One `Allow` value whatever order a framework stored its routes in; a GET route also answers HEAD. */
export function allowHeader(methods: Iterable<string>): string {
  const set = new Set<string>()
  for (const method of methods) set.add(method.toUpperCase())
  if (set.has('GET')) set.add('HEAD')
  const known = METHOD_ORDER.filter((method) => set.has(method))
  const others = [...set].filter((method) => !METHOD_ORDER.includes(method)).sort()
  return [...known, ...others].join(', ')
}

/**
 * An unknown path is NOT_FOUND; a known path asked with a method it does not serve is
 * METHOD_NOT_ALLOWED with an `Allow` header.
 */
export function routeMissError(
  catalog: AnyCatalog,
  allowedMethods: Iterable<string> | undefined,
): FaultlineError {
  const allow = allowedMethods === undefined ? '' : allowHeader(allowedMethods)
  if (allow === '') return catalog.fromRole('notFound')
  return catalog.fromRole('methodNotAllowed', { headers: { allow } })
}

interface CompiledRoute {
  readonly method: string
  readonly pattern: string
  readonly regex: RegExp
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A route pattern as a regex: `:name` is one segment, `*` or `*name` the rest of the path. The syntax
 * shared by Express, Fastify, Hono and this package's own router.
 */
export function compilePattern(pattern: string): RegExp {
  let source = ''
  const parts = pattern.split(/(:[A-Za-z0-9_]+\??|\*[A-Za-z0-9_]*)/)
  for (const part of parts) {
    if (part.startsWith(':')) source += part.endsWith('?') ? '([^/]*)' : '([^/]+)'
    else if (part.startsWith('*')) source += '(.*)'
    else source += escapeRegex(part)
  }
  return new RegExp(`^${source}/?$`)
}

/** Names of the `:params` of a pattern, in order. */
export function patternParams(pattern: string): string[] {
  return [...pattern.matchAll(/[:*]([A-Za-z0-9_]+)/g)].map((match) => match[1]!)
}

/** The routes an app serves, for answering "which methods does this path take?" on a miss. */
export class RouteTable {
  readonly #routes: CompiledRoute[] = []

  add(method: string, pattern: string): void {
    this.#routes.push({ method: method.toUpperCase(), pattern, regex: compilePattern(pattern) })
  }

  get size(): number {
    return this.#routes.length
  }

  /** Methods served at `path`; empty when no route has that path. */
  allowedMethods(path: string): string[] {
    const methods: string[] = []
    for (const route of this.#routes) if (route.regex.test(path)) methods.push(route.method)
    return methods
  }
}
