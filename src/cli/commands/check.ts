import { formatLintReport, lintCatalog } from '../../contract/lint.js'
import { loadCatalog } from '../../contract/load-catalog.js'
import type { Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { CATALOG_HELP, CATALOG_OPTIONS, stringOption } from '../options.js'

export const checkCommand: Command = {
  name: 'check',
  summary: 'Lint the catalog; exit 1 on errors (warnings do not fail)',
  positionals: ['catalog'],
  options: { ...CATALOG_OPTIONS, json: { type: 'boolean' } },
  help: `Usage: faultline check <catalog> [--json]

Lint the catalog. Errors: inconsistent code naming, duplicate codes (case-insensitive),
missing description, a status outside 400-599, a 5xx that exposes its message, retry
guidance on a status only a changed request fixes. Warnings: missing resolution, duplicate
messages, never retrying a normally transient status.

${CATALOG_HELP}
  --json             print the report as JSON

Exit codes: 0 no errors, 1 lint errors, 2 usage or input error.
`,
  async run({ positionals, values }, io) {
    const catalog = await loadCatalog(positionals[0]!, { exportName: stringOption(values.export) })
    const report = lintCatalog(catalog)
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatLintReport(report))
    return report.errors > 0 ? EXIT.failed : EXIT.ok
  },
}
