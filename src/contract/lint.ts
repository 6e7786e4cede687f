import type { AnyCatalog } from '../catalog/define.js'
import type { ResolvedEntry } from '../catalog/entry.js'
import { namingOf } from '../catalog/naming.js'

export type LintSeverity = 'error' | 'warning'

export interface LintIssue {
  readonly severity: LintSeverity
  readonly rule: string
  readonly code?: string
  readonly message: string
}

export interface LintReport {
  readonly issues: readonly LintIssue[]
  readonly errors: number
  readonly warnings: number
}

/** Statuses whose request must change before it can succeed: retrying them as is can only fail again. */
const MUST_FIX = new Set([400, 401, 402, 403, 404, 405, 406, 410, 411, 413, 414, 415, 422, 431])
/** Statuses a client should normally retry; `never` on one of them is a choice worth a second look. */
const NORMALLY_RETRIED = new Set([429, 500, 502, 503, 504])

/** Checks a catalog for mistakes a reader or a client would trip over. Errors fail `faultline check`. */
export function lintCatalog(catalog: AnyCatalog): LintReport {
  const entries = catalog.codes.map((code) => catalog.entry(code)!)
  const issues: LintIssue[] = [...namingIssues(entries), ...duplicateIssues(entries)]
  for (const entry of entries) issues.push(...entryIssues(entry))
  return {
    issues,
    errors: issues.filter((issue) => issue.severity === 'error').length,
    warnings: issues.filter((issue) => issue.severity === 'warning').length,
  }
}

function issue(severity: LintSeverity, rule: string, code: string | undefined, message: string): LintIssue {
  return code === undefined ? { severity, rule, message } : { severity, rule, code, message }
}

function namingIssues(entries: readonly ResolvedEntry[]): LintIssue[] {
  const styles = new Map<string, string[]>()
  for (const entry of entries) {
    const style = namingOf(entry.code)
    styles.set(style, [...(styles.get(style) ?? []), entry.code])
  }
  const out: LintIssue[] = []
  for (const code of styles.get('mixed') ?? []) {
    out.push(issue('error', 'code-naming', code, `${code} is neither SCREAMING_SNAKE_CASE nor snake_case`))
  }
  const upper = styles.get('SCREAMING_SNAKE_CASE') ?? []
  const lower = styles.get('snake_case') ?? []
  if (upper.length > 0 && lower.length > 0) {
    const [minority, style] =
      upper.length >= lower.length ? [lower, 'SCREAMING_SNAKE_CASE'] : [upper, 'snake_case']
    for (const code of minority) {
      out.push(issue('error', 'code-naming', code, `${code} breaks the catalog's ${style} naming`))
    }
  }
  return out
}

function duplicateIssues(entries: readonly ResolvedEntry[]): LintIssue[] {
  const out: LintIssue[] = []
  const byCode = new Map<string, string>()
  const byMessage = new Map<string, string>()
  for (const entry of entries) {
    const key = entry.code.toLowerCase()
    const first = byCode.get(key)
    if (first !== undefined) {
      out.push(
        issue(
          'error',
          'duplicate-code',
          entry.code,
          `${entry.code} duplicates ${first} (codes compare case-insensitively)`,
        ),
      )
    } else byCode.set(key, entry.code)
    if (entry.messageFor) continue
    const message = entry.defaultMessage.trim().toLowerCase()
    const same = byMessage.get(message)
    if (same !== undefined) {
      out.push(
        issue(
          'warning',
          'duplicate-message',
          entry.code,
          `${entry.code} has the same message as ${same}: "${entry.defaultMessage}"`,
        ),
      )
    } else byMessage.set(message, entry.code)
  }
  return out
}

function entryIssues(entry: ResolvedEntry): LintIssue[] {
  const out: LintIssue[] = []
  // A status outside 400–599 never gets here: defineErrors refuses it, so `check` fails with that message.
  const { code, status } = entry
  if (!entry.description?.trim())
    out.push(issue('error', 'missing-description', code, `${code} has no description`))
  if (!entry.resolution?.trim())
    out.push(issue('warning', 'missing-resolution', code, `${code} has no resolution`))
  if (status >= 500 && entry.expose) {
    out.push(
      issue(
        'error',
        'exposed-server-error',
        code,
        `${code}: a ${status} must not expose its message (internal details leak)`,
      ),
    )
  }
  const retries = entry.retry.strategy !== 'never'
  if (retries && MUST_FIX.has(status)) {
    out.push(
      issue(
        'error',
        'retry-contradicts-status',
        code,
        `${code}: retry guidance "${entry.retry.strategy}" on ${status}, which only a changed request fixes`,
      ),
    )
  } else if (
    entry.retry.strategy === 'backoff' &&
    status >= 400 &&
    status < 500 &&
    status !== 408 &&
    status !== 429
  ) {
    // Waiting for a server-named delay (an in-flight idempotent request) is sound; blind backoff on a 4xx rarely is.
    out.push(
      issue(
        'warning',
        'retry-contradicts-status',
        code,
        `${code}: backoff retries on ${status}; a client error is transient only when the server says when (retry-after)`,
      ),
    )
  }
  if (!retries && NORMALLY_RETRIED.has(status)) {
    out.push(
      issue(
        'warning',
        'retry-contradicts-status',
        code,
        `${code}: never retried although ${status} is normally transient`,
      ),
    )
  }
  if (status === 429 && entry.retry.strategy === 'backoff') {
    out.push(
      issue(
        'warning',
        'retry-contradicts-status',
        code,
        `${code}: a 429 should wait the Retry-After delay rather than back off blindly`,
      ),
    )
  }
  if (
    entry.retry.attempts !== undefined &&
    (!Number.isInteger(entry.retry.attempts) || entry.retry.attempts < 1)
  ) {
    out.push(issue('error', 'retry-attempts', code, `${code}: retry attempts must be a positive integer`))
  }
  return out
}

/** The report as text lines for a terminal. */
export function formatLintReport(report: LintReport): string {
  const lines = report.issues.map(
    (i) => `${i.severity === 'error' ? 'error  ' : 'warning'} ${i.rule}: ${i.message}`,
  )
  lines.push(`${report.errors} error(s), ${report.warnings} warning(s)`)
  return lines.join('\n') + '\n'
}
