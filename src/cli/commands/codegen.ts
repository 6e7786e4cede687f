import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generatePython } from '../../contract/codegen/python.js'
import { generateTypeScript } from '../../contract/codegen/typescript.js'
import { loadCatalog } from '../../contract/load-catalog.js'
import type { Command } from '../command.js'
import { CATALOG_HELP, CATALOG_OPTIONS, stringOption } from '../options.js'
import { UsageError } from '../usage-error.js'

const DEFAULT_FILE = { python: 'errors.py', typescript: 'errors.ts' } as const

export const codegenCommand: Command = {
  name: 'codegen',
  summary: 'Generate a dependency-free Python or TypeScript errors module for API clients',
  positionals: ['catalog'],
  options: {
    ...CATALOG_OPTIONS,
    lang: { type: 'string' },
    out: { type: 'string', short: 'o' },
    file: { type: 'string' },
  },
  help: `Usage: faultline codegen <catalog> --lang python|typescript --out DIR

Generate one dependency-free module for API clients.
  python:     SDK exception classes (APIError, AuthenticationError, RateLimitError, ...),
              a constant per code, and parse_error(status, headers, body)
  typescript: the ErrorCode union, a details type per code, ERROR_STATUS,
              and isErrorCode(err, code) narrowing details

${CATALOG_HELP}
  --lang LANG        python or typescript
  --out, -o DIR      the folder to write into (created if missing)
  --file NAME        file name (default: errors.py / errors.ts)
`,
  async run({ positionals, values }, io) {
    const lang = stringOption(values.lang)
    if (lang !== 'python' && lang !== 'typescript') {
      throw new UsageError(`--lang must be python or typescript${lang ? ` (got ${lang})` : ''}`)
    }
    const dir = stringOption(values.out)
    if (dir === undefined) throw new UsageError('--out DIR is required')
    const catalog = await loadCatalog(positionals[0]!, { exportName: stringOption(values.export) })
    const source = lang === 'python' ? generatePython(catalog) : generateTypeScript(catalog)
    const file = join(dir, stringOption(values.file) ?? DEFAULT_FILE[lang])
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, source)
    io.stdout(`wrote ${file}\n`)
    return 0
  },
}
