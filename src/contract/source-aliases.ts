import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * When the CLI runs from this repository's TypeScript sources (a checkout, not an installed build), a
 * catalog module that imports `faultline` must get those same sources: the `source` export condition,
 * which jiti does not apply by itself. Installed builds resolve `faultline` normally (no aliases).
 */
export function sourceAliases(): Record<string, string> {
  if (!import.meta.url.endsWith('.ts')) return {}
  const root = new URL('../../', import.meta.url)
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
    name: string
    exports: Record<string, string | { source?: string }>
  }
  const aliases: Record<string, string> = {}
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string' || target.source === undefined) continue
    const name = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
    aliases[name] = fileURLToPath(new URL(target.source, root))
  }
  return aliases
}
