import type { AnyCatalog } from '../catalog/define.js'
import { markdownTable } from './markdown-table.js'
import { buildReference, type ReferenceOptions, type ReferenceRow } from './reference.js'

export type MarkdownOptions = ReferenceOptions

/** The error reference page as Markdown: intro, a real envelope, one table per group, retry guidance, SDK classes. */
export function renderMarkdown(catalog: AnyCatalog, options: MarkdownOptions = {}): string {
  const ref = buildReference(catalog, options)
  const out: string[] = [`# ${ref.title}`, '', ref.intro, '']

  out.push('## Error response format', '')
  out.push(
    `Errors use the \`${ref.example.format}\` envelope (\`Content-Type: ${ref.example.contentType}\`). ` +
      `For example, a ${ref.example.status} \`${ref.example.code}\` response:`,
    '',
  )
  out.push('```json', JSON.stringify(ref.example.body, null, 2), '```', '')
  out.push(
    'Server errors (5xx) never expose internal messages: the body carries a generic message and the request id to quote to support.',
    '',
  )

  for (const group of ref.groups) {
    out.push(`## ${group.name}`, '')
    out.push(
      markdownTable(
        ['Code', 'HTTP Status', 'Description', 'Resolution'],
        group.rows.map((row) => [`\`${row.code}\``, String(row.status), describe(row), row.resolution]),
      ),
      '',
    )
  }

  if (ref.detailFields.length > 0) {
    out.push('## Error details', '', 'Codes that carry a `details` object, and its fields:', '')
    out.push(
      markdownTable(
        ['Code', 'Field', 'Type', 'Required'],
        ref.detailFields.map((f) => [`\`${f.code}\``, `\`${f.field}\``, f.type, f.required ? 'Yes' : 'No']),
      ),
      '',
    )
  }

  out.push('## Retry guidance', '')
  out.push(
    markdownTable(
      ['Status', 'Retryable?', 'Notes'],
      ref.retryRows.map((row) => [String(row.status), row.retryable, row.notes]),
    ),
    '',
  )
  if (ref.retryRules.safe.length > 0) {
    out.push(
      'Safe to retry:',
      '',
      ...ref.retryRules.safe.map((rule) => `- ${rule}`),
      '- Network timeouts: retry with exponential backoff',
      '',
    )
  }
  if (ref.retryRules.unsafe.length > 0) {
    out.push('Do not retry:', '', ...ref.retryRules.unsafe.map((rule) => `- ${rule}`), '')
  }
  out.push('Bound every retry loop: a few attempts, a total time budget, and jitter between attempts.', '')

  out.push('## SDK exception classes', '')
  out.push(
    markdownTable(
      ['Python', 'TypeScript', 'When raised'],
      ref.sdkClasses.map((cls) => [cls.name, cls.name, cls.whenRaised]),
    ),
    '',
  )
  return out.join('\n')
}

function describe(row: ReferenceRow): string {
  if (row.deprecated === false) return row.description
  const replacement = typeof row.deprecated === 'string' ? ` ${row.deprecated}` : ''
  return `${row.description} (Deprecated.${replacement})`
}
