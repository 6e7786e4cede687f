import type { CatalogSnapshot, SnapshotEntry } from '../catalog/snapshot.js'
import { detailsNarrowing } from './details-narrowing.js'

export type BreakingKind = 'removed' | 'renamed' | 'status-changed' | 'retryable-changed' | 'details-narrowed'
export type SafeKind =
  | 'added'
  | 'deprecated'
  | 'undeprecated'
  | 'text-changed'
  | 'retry-changed'
  | 'details-changed'
  | 'expose-changed'
  | 'headers-changed'
  | 'group-changed'

export interface ContractChange {
  readonly kind: BreakingKind | SafeKind
  readonly breaking: boolean
  readonly code: string
  /** The new code, for a rename. */
  readonly to?: string
  readonly message: string
}

export interface ContractDiff {
  readonly breaking: readonly ContractChange[]
  readonly safe: readonly ContractChange[]
}

const TEXT_FIELDS = ['title', 'message', 'description', 'resolution'] as const

/**
 * What changed between two catalog snapshots, from a client's point of view. Breaking: a code removed or
 * renamed, a status changed, retryability flipped, `details` narrowed. Everything else is safe.
 */
export function diffSnapshots(before: CatalogSnapshot, after: CatalogSnapshot): ContractDiff {
  const changes: ContractChange[] = []
  const removed = Object.keys(before.codes).filter((code) => !(code in after.codes))
  const added = Object.keys(after.codes).filter((code) => !(code in before.codes))

  // A removed code whose status and description reappear under a new name is a rename.
  for (const code of removed) {
    const old = before.codes[code]!
    const index = added.findIndex((candidate) => {
      const next = after.codes[candidate]!
      return next.status === old.status && old.description !== null && next.description === old.description
    })
    if (index >= 0) {
      const to = added.splice(index, 1)[0]!
      changes.push(
        breaking('renamed', code, `${code} renamed to ${to}: clients matching on ${code} stop matching`, to),
      )
    } else {
      changes.push(breaking('removed', code, `${code} removed (was ${old.status})`))
    }
  }
  for (const code of added) changes.push(safe('added', code, `${code} added (${after.codes[code]!.status})`))

  for (const code of Object.keys(before.codes)) {
    const next = after.codes[code]
    if (next !== undefined) changes.push(...compareEntry(code, before.codes[code]!, next))
  }
  return { breaking: changes.filter((c) => c.breaking), safe: changes.filter((c) => !c.breaking) }
}

function compareEntry(code: string, old: SnapshotEntry, next: SnapshotEntry): ContractChange[] {
  const out: ContractChange[] = []
  if (old.status !== next.status) {
    out.push(breaking('status-changed', code, `${code}: status changed from ${old.status} to ${next.status}`))
  }
  if (old.retryable !== next.retryable) {
    const what = next.retryable ? 'now retryable (was not)' : 'no longer retryable'
    out.push(breaking('retryable-changed', code, `${code}: ${what}`))
  } else if (JSON.stringify(old.retry) !== JSON.stringify(next.retry)) {
    out.push(
      safe(
        'retry-changed',
        code,
        `${code}: retry guidance ${JSON.stringify(old.retry)} → ${JSON.stringify(next.retry)}`,
      ),
    )
  }
  const narrowed = detailsNarrowing(old.details, next.details)
  for (const change of narrowed) out.push(breaking('details-narrowed', code, `${code}: ${change}`))
  if (narrowed.length === 0 && JSON.stringify(old.details) !== JSON.stringify(next.details)) {
    out.push(safe('details-changed', code, `${code}: details schema widened or added`))
  }
  if (!old.deprecated && next.deprecated) {
    const hint = typeof next.deprecated === 'string' ? ` (${next.deprecated})` : ''
    out.push(safe('deprecated', code, `${code} deprecated${hint}`))
  } else if (old.deprecated && !next.deprecated) {
    out.push(safe('undeprecated', code, `${code} no longer deprecated`))
  }
  for (const field of TEXT_FIELDS) {
    if (old[field] !== next[field]) out.push(safe('text-changed', code, `${code}: ${field} changed`))
  }
  if (old.expose !== next.expose)
    out.push(safe('expose-changed', code, `${code}: expose ${old.expose} → ${next.expose}`))
  if (JSON.stringify(old.headers) !== JSON.stringify(next.headers)) {
    out.push(safe('headers-changed', code, `${code}: headers changed`))
  }
  if (old.group !== next.group)
    out.push(safe('group-changed', code, `${code}: moved to group ${next.group ?? '(none)'}`))
  return out
}

function breaking(kind: BreakingKind, code: string, message: string, to?: string): ContractChange {
  return { kind, breaking: true, code, ...(to !== undefined ? { to } : {}), message }
}

function safe(kind: SafeKind, code: string, message: string): ContractChange {
  return { kind, breaking: false, code, message }
}

/** The diff as text lines for a terminal. */
export function formatDiff(diff: ContractDiff): string {
  const lines: string[] = []
  if (diff.breaking.length === 0 && diff.safe.length === 0) return 'No contract changes.\n'
  if (diff.breaking.length > 0) {
    lines.push(`Breaking changes (${diff.breaking.length}):`, ...diff.breaking.map((c) => `  ✗ ${c.message}`))
  }
  if (diff.safe.length > 0) {
    lines.push(`Non-breaking changes (${diff.safe.length}):`, ...diff.safe.map((c) => `  ✓ ${c.message}`))
  }
  return lines.join('\n') + '\n'
}
