import { renderHtml } from '../../contract/html.js'
import { loadCatalog } from '../../contract/load-catalog.js'
import { renderMarkdown } from '../../contract/markdown.js'
import type { Command } from '../command.js'
import { CATALOG_HELP, CATALOG_OPTIONS, ENVELOPE_NAMES, envelopeOption, stringOption } from '../options.js'
import { writeResult } from '../output.js'
import { UsageError } from '../usage-error.js'

export const docsCommand: Command = {
  name: 'docs',
  summary: 'Generate the error reference page (Markdown or self-contained HTML)',
  positionals: ['catalog'],
  options: {
    ...CATALOG_OPTIONS,
    format: { type: 'string' },
    envelope: { type: 'string' },
    'docs-url': { type: 'string' },
    title: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  help: `Usage: faultline docs <catalog> [--format md|html] [--envelope NAME] [--out FILE]

Generate the error reference page: intro, a real envelope example, one table per group,
retry guidance and SDK exception classes.

${CATALOG_HELP}
  --format md|html   Markdown (default) or one self-contained HTML page
  --envelope NAME    the envelope the example shows: ${ENVELOPE_NAMES.join(', ')} (default: problem)
  --docs-url URL     where the page is published (the example's links point at URL#CODE)
  --title TEXT       page title
  --out, -o FILE     write to FILE instead of stdout
`,
  async run({ positionals, values }, io) {
    const kind = stringOption(values.format) ?? 'md'
    if (kind !== 'md' && kind !== 'markdown' && kind !== 'html') {
      throw new UsageError(`--format must be md or html (got ${kind})`)
    }
    const envelope = envelopeOption(values.envelope, '--envelope')
    const catalog = await loadCatalog(positionals[0]!, { exportName: stringOption(values.export) })
    const options = {
      format: envelope,
      docsUrl: stringOption(values['docs-url']),
      title: stringOption(values.title),
    }
    const text = kind === 'html' ? renderHtml(catalog, options) : renderMarkdown(catalog, options)
    writeResult(text, stringOption(values.out), io)
    return 0
  },
}
