import { loadCatalog } from '../../contract/load-catalog.js'
import { buildOpenApi } from '../../contract/openapi.js'
import type { Command } from '../command.js'
import { CATALOG_HELP, CATALOG_OPTIONS, ENVELOPE_NAMES, envelopeOption, stringOption } from '../options.js'
import { writeResult } from '../output.js'

export const openapiCommand: Command = {
  name: 'openapi',
  summary: 'Generate OpenAPI 3.1 components: error schemas and one response per status',
  positionals: ['catalog'],
  options: {
    ...CATALOG_OPTIONS,
    format: { type: 'string' },
    'docs-url': { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  help: `Usage: faultline openapi <catalog> [--format NAME] [--out FILE]

Generate an OpenAPI 3.1 document holding components.schemas (the envelope, ErrorCode,
ErrorDetails.<CODE>) and components.responses (Error<status>, one example per code).
Reference them from your paths: $ref: '#/components/responses/Error404'.

${CATALOG_HELP}
  --format NAME      the envelope: ${ENVELOPE_NAMES.join(', ')} (default: problem)
  --docs-url URL     where the error reference is published (problem type URIs point at URL#CODE)
  --out, -o FILE     write to FILE instead of stdout
`,
  async run({ positionals, values }, io) {
    const format = envelopeOption(values.format, '--format')
    const catalog = await loadCatalog(positionals[0]!, { exportName: stringOption(values.export) })
    const doc = buildOpenApi(catalog, { format, docsUrl: stringOption(values['docs-url']) })
    writeResult(JSON.stringify(doc, null, 2), stringOption(values.out), io)
    return 0
  },
}
