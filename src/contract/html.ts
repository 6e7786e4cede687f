import type { AnyCatalog } from '../catalog/define.js'
import { escapeHtml as esc } from './escape-html.js'
import { HTML_SCRIPT } from './html-script.js'
import { HTML_STYLE } from './html-style.js'
import { buildReference, type ReferenceOptions, type ReferenceRow } from './reference.js'

export type HtmlOptions = ReferenceOptions

/**
 * The error reference as ONE self-contained page (inline CSS and JS, no external requests). Each code's row
 * has `id="CODE"`, exactly what the server links to (`${docsUrl}#CODE`).
 */
export function renderHtml(catalog: AnyCatalog, options: HtmlOptions = {}): string {
  const ref = buildReference(catalog, options)
  const body: string[] = []
  body.push(`<p>${inlineCode(ref.intro)}</p>`)
  body.push('<h2 id="fl-format">Error response format</h2>')
  body.push(
    `<p>Errors use the <code>${esc(ref.example.format)}</code> envelope (<code>Content-Type: ${esc(ref.example.contentType)}</code>). ` +
      `For example, a ${ref.example.status} <code>${esc(ref.example.code)}</code> response:</p>`,
  )
  body.push(`<pre><code>${esc(JSON.stringify(ref.example.body, null, 2))}</code></pre>`)
  body.push(
    '<p>Server errors (5xx) never expose internal messages: the body carries a generic message and the request id to quote to support.</p>',
  )
  body.push('<div id="fl-empty">No error code matches the search.</div>')
  for (const group of ref.groups) {
    body.push(`<section class="group"><h2>${esc(group.name)}</h2>`)
    body.push(
      '<table class="cards codes"><thead><tr><th>Code</th><th>HTTP Status</th><th>Description</th><th>Resolution</th></tr></thead><tbody>',
    )
    for (const row of group.rows) body.push(codeRow(row))
    body.push('</tbody></table></section>')
  }
  if (ref.detailFields.length > 0) {
    body.push('<h2 id="fl-details">Error details</h2>')
    body.push(
      table(
        ['Code', 'Field', 'Type', 'Required'],
        ref.detailFields.map((f) => [
          `<code>${esc(f.code)}</code>`,
          `<code>${esc(f.field)}</code>`,
          esc(f.type),
          f.required ? 'Yes' : 'No',
        ]),
      ),
    )
  }
  body.push('<h2 id="fl-retry">Retry guidance</h2>')
  body.push(
    table(
      ['Status', 'Retryable?', 'Notes'],
      ref.retryRows.map((row) => [badge(row.status), esc(row.retryable), esc(row.notes)]),
    ),
  )
  if (ref.retryRules.safe.length > 0)
    body.push(
      `<p>Safe to retry:</p>${list([...ref.retryRules.safe, 'Network timeouts: retry with exponential backoff'])}`,
    )
  if (ref.retryRules.unsafe.length > 0) body.push(`<p>Do not retry:</p>${list(ref.retryRules.unsafe)}`)
  body.push(
    '<p>Bound every retry loop: a few attempts, a total time budget, and jitter between attempts.</p>',
  )
  body.push('<h2 id="fl-sdk">SDK exception classes</h2>')
  body.push(
    table(
      ['Python', 'TypeScript', 'When raised'],
      ref.sdkClasses.map((cls) => [
        `<code>${esc(cls.name)}</code>`,
        `<code>${esc(cls.name)}</code>`,
        esc(cls.whenRaised),
      ]),
    ),
  )

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${esc(ref.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header class="top">
<h1>${esc(ref.title)}</h1>
<input id="fl-search" type="search" placeholder="Search codes, statuses, descriptions…" aria-label="Search error codes" autocomplete="off">
<button id="fl-theme" type="button" aria-label="Toggle light or dark theme">Theme</button>
</header>
<main>
${body.join('\n')}
</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`
}

function codeRow(row: ReferenceRow): string {
  const search = [row.code, String(row.status), row.statusText, row.description, row.resolution]
    .join(' ')
    .toLowerCase()
  const deprecated =
    row.deprecated === false
      ? ''
      : ` <span class="deprecated">Deprecated.${typeof row.deprecated === 'string' ? ` ${esc(row.deprecated)}` : ''}</span>`
  return (
    `<tr class="code-row" id="${esc(row.code)}" data-search="${esc(search)}">` +
    `<td class="code-cell" data-label="Code"><code>${esc(row.code)}</code>` +
    `<button class="copy" type="button" data-code="${esc(row.code)}" aria-label="Copy link to ${esc(row.code)}" title="Copy link">#</button></td>` +
    `<td data-label="HTTP Status">${badge(row.status)}</td>` +
    `<td data-label="Description">${esc(row.description)}${deprecated}</td>` +
    `<td data-label="Resolution">${esc(row.resolution)}</td></tr>`
  )
}

function badge(status: number): string {
  const kind = status === 429 ? 's429' : status >= 500 ? 's5xx' : 's4xx'
  return `<span class="badge ${kind}" title="${status >= 500 ? 'Server error' : 'Client error'}">${status}</span>`
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((cell) => `<th>${esc(cell)}</th>`).join('')
  const bodyRows = rows
    .map(
      (cells) =>
        `<tr>${cells.map((cell, i) => `<td data-label="${esc(header[i] ?? '')}">${cell}</td>`).join('')}</tr>`,
    )
    .join('')
  return `<table class="cards"><thead><tr>${head}</tr></thead><tbody>${bodyRows}</tbody></table>`
}

function list(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`
}

/** The intro's `code` spans, escaped first so no catalog text becomes markup. */
function inlineCode(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}
