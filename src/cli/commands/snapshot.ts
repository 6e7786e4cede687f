import { snapshotCatalog } from '../../catalog/snapshot.js'
import { loadCatalog } from '../../contract/load-catalog.js'
import type { Command } from '../command.js'
import { CATALOG_HELP, CATALOG_OPTIONS, stringOption } from '../options.js'
import { writeResult } from '../output.js'

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Write the catalog as a stable, sorted JSON snapshot (the contract the diff compares)',
  positionals: ['catalog'],
  options: { ...CATALOG_OPTIONS, out: { type: 'string', short: 'o' } },
  help: `Usage: faultline snapshot <catalog> [--out errors.json]

Write a stable, sorted JSON snapshot of the catalog. Commit it, and compare later
catalogs against it with \`faultline diff\`. Every command accepts a snapshot as <catalog>.

${CATALOG_HELP}
  --out, -o FILE     write to FILE instead of stdout
`,
  async run({ positionals, values }, io) {
    const catalog = await loadCatalog(positionals[0]!, { exportName: stringOption(values.export) })
    writeResult(JSON.stringify(snapshotCatalog(catalog), null, 2), stringOption(values.out), io)
    return 0
  },
}
