import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { source?: string }>
}

/** `faultline` and `faultline/*` resolve to the TypeScript sources, as the `source` export condition says. */
const alias = Object.entries(pkg.exports).flatMap(([subpath, target]) => {
  if (typeof target === 'string' || target.source === undefined) return []
  const name = subpath === '.' ? 'faultline' : `faultline/${subpath.slice(2)}`
  return [
    { find: new RegExp(`^${name}$`), replacement: fileURLToPath(new URL(target.source, import.meta.url)) },
  ]
})

export default defineConfig({
  resolve: { conditions: ['source'], alias },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
