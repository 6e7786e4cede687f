import type { SchemaIssue } from './catalog/schema.js'

/** One field-level problem: where (a path into the input) and what. Every format maps this to its own shape. */
export interface ValidationIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** Standard Schema paths may hold `{ key }` segments or symbols; the wire only carries strings and indexes. */
export function toValidationIssue(issue: SchemaIssue): ValidationIssue {
  const path: Array<string | number> = []
  for (const segment of issue.path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    path.push(typeof key === 'number' ? key : String(key))
  }
  return { path, message: String(issue.message) }
}

/** RFC 6901 JSON Pointer for a path: `['items', 0, 'a/b']` → `/items/0/a~1b`. */
export function toJsonPointer(path: ReadonlyArray<string | number>): string {
  let out = ''
  for (const segment of path) out += '/' + String(segment).split('~').join('~0').split('/').join('~1')
  return out
}

/** Inverse of `toJsonPointer`; canonical array indexes come back as numbers. Accepts the `#/a/b` fragment form. */
export function fromJsonPointer(pointer: string): Array<string | number> {
  const raw = pointer.startsWith('#') ? pointer.slice(1) : pointer
  if (raw === '') return []
  return raw
    .slice(1)
    .split('/')
    .map((part) => {
      const key = part.split('~1').join('/').split('~0').join('~')
      return /^(0|[1-9][0-9]{0,15})$/.test(key) ? Number(key) : key
    })
}

/** Dotted field name as seed 003 shows it (`email`, `items.0.name`). */
export function toFieldName(path: ReadonlyArray<string | number>): string {
  return path.map(String).join('.')
}

export function fromFieldName(field: string): Array<string | number> {
  if (field === '') return []
  return field.split('.').map((key) => (/^(0|[1-9][0-9]{0,15})$/.test(key) ? Number(key) : key))
}

export function isValidationIssueList(value: unknown): value is ValidationIssue[] {
  return (
    Array.isArray(value) &&
    value.every(
      (issue) =>
        typeof issue === 'object' &&
        issue !== null &&
        typeof issue.message === 'string' &&
        Array.isArray(issue.path) &&
        issue.path.every((p: unknown) => typeof p === 'string' || typeof p === 'number'),
    )
  )
}
