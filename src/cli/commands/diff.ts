import { diffSnapshots, formatDiff } from '../../contract/diff.js'
import { loadSnapshot } from '../../contract/load-catalog.js'
import type { Command } from '../command.js'
import { EXIT } from '../exit-codes.js'
import { stringOption } from '../options.js'

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Compare two catalogs or snapshots; exit 1 on breaking changes',
  positionals: ['old', 'new'],
  options: { json: { type: 'boolean' }, export: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  help: `Usage: faultline diff <old> <new> [--json]

Compare two catalogs (.ts/.js modules or .json snapshots) from a client's point of view.
Breaking: a code removed or renamed, a status changed, retryability flipped, details narrowed
(a property removed, newly required, or of another type). Safe: codes added, deprecations,
text changes.

  --json             print { breaking: [...], safe: [...] } as JSON
  --export NAME      the export holding the catalog in module files

Exit codes: 0 no breaking change, 1 breaking changes, 2 usage or input error.
`,
  async run({ positionals, values }, io) {
    const exportName = stringOption(values.export)
    const before = await loadSnapshot(positionals[0]!, { exportName })
    const after = await loadSnapshot(positionals[1]!, { exportName })
    const diff = diffSnapshots(before, after)
    io.stdout(values.json ? `${JSON.stringify(diff, null, 2)}\n` : formatDiff(diff))
    return diff.breaking.length > 0 ? EXIT.failed : EXIT.ok
  },
}
