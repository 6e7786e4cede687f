import { compilePattern, patternParams } from './not-found.js'

/** `{ 'GET /agents/:id': handler }`: the routing the plain `node:http` and fetch adapters offer. */
export type RouteMap<H> = Readonly<Record<string, H>>

export type RouteMatch<H> =
  | { readonly handler: H; readonly params: Record<string, string> }
  | { readonly handler: undefined; readonly allowed: readonly string[] }

interface Compiled<H> {
  readonly method: string
  readonly regex: RegExp
  readonly names: readonly string[]
  readonly handler: H
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** A minimal router: patterns compiled once; a miss reports which methods the path does take (for 405). */
export function compileRoutes<H>(routes: RouteMap<H>): (method: string, path: string) => RouteMatch<H> {
  const compiled: Compiled<H>[] = []
  for (const [key, handler] of Object.entries(routes)) {
    const space = key.indexOf(' ')
    if (space === -1) throw new TypeError(`route "${key}" must be "METHOD /path"`)
    const pattern = key.slice(space + 1).trim()
    compiled.push({
      method: key.slice(0, space).toUpperCase(),
      regex: compilePattern(pattern),
      names: patternParams(pattern),
      handler,
    })
  }
  return (method, path) => {
    const upper = method === 'HEAD' ? 'GET' : method
    const allowed: string[] = []
    for (const route of compiled) {
      const found = route.regex.exec(path)
      if (found === null) continue
      if (route.method !== upper && route.method !== '*') {
        allowed.push(route.method)
        continue
      }
      const params: Record<string, string> = {}
      for (let i = 0; i < route.names.length; i++) params[route.names[i]!] = decode(found[i + 1] ?? '')
      return { handler: route.handler, params }
    }
    return { handler: undefined, allowed }
  }
}
