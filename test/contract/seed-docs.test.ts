import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseMarkdownTables } from './markdown-tables.js'
import { REPO_ROOT, runFaultline } from './run-cli.js'

/**
 * Acceptance: from each seed's catalog in examples/seeds/, `faultline docs --format md` regenerates that
 * seed's tables. Each seed page (../shared/seeds/*.txt, as copied from the web) is parsed on its own terms,
 * and every code, status, description and resolution it lists must appear in a generated table row.
 */

const SEED_PAGES = join(REPO_ROOT, '..', 'shared', 'seeds')
const SEED_CATALOGS = join(REPO_ROOT, 'examples', 'seeds')

interface SeedRow {
  readonly line: string
  readonly code?: string
  readonly status: number
  readonly description?: string
  readonly resolution?: string
  /** Description and resolution run together (the page lost its cell borders). */
  readonly descriptionThenResolution?: string
}

interface GeneratedRow {
  readonly code: string
  readonly status: number
  readonly description: string
  readonly resolution: string
}

type Field = 'code' | 'status' | 'description' | 'resolution'

/** Pipe tables per seed: header cells → which column holds which field. */
const PIPE_TABLES: Record<string, Record<string, Partial<Record<Field, number>>>> = {
  '001': {
    'Status|Meaning|Common causes|What to do': { status: 0, description: 2, resolution: 3 },
    'Error message|Status|Cause': { status: 1, description: 2 },
  },
  '002': { 'Error code|Status|Meaning|Resolution': { code: 0, status: 1, description: 2, resolution: 3 } },
  '003': { 'Code|HTTP Status|Description': { code: 0, status: 1, description: 2 } },
}

/** Pages whose tables lost their cell borders: one regular expression per row. */
const RUN_TOGETHER: Record<string, (line: string) => SeedRow | undefined> = {
  // CODE + status + description + resolution, e.g. "AGENT_NOT_FOUND404No agent found…Check the agent ID".
  '000': (line) => {
    const m = line.match(/^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)([45]\d\d)(.+)$/)
    return m ? { line, code: m[1]!, status: Number(m[2]), descriptionThenResolution: m[3]! } : undefined
  },
  // status + reason phrase + CODE + description, e.g. "404 Not FoundNOT_FOUNDResource does not exist…".
  '004': (line) => {
    const m = line.match(
      /^([45]\d\d) [A-Z][a-z]+(?: [A-Z][a-z]+)*?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*?)([A-Z](?:[a-z]| ).*)$/,
    )
    return m ? { line, code: m[2]!, status: Number(m[1]), description: m[3]! } : undefined
  },
}

/** How many error rows each page lists (counted by hand), so a parser that skips rows cannot pass. */
const SEED_ROW_COUNTS: Record<string, number> = { '000': 40, '001': 37, '002': 12, '003': 14, '004': 11 }

function cellsOf(line: string): string[] {
  const cells = line
    .slice(line.indexOf('|') === 0 ? 1 : 0)
    .split('|')
    .map((cell) => cell.trim())
  if (cells.at(-1) === '') cells.pop()
  return cells
}

function seedRows(id: string, page: string): SeedRow[] {
  const rows: SeedRow[] = []
  const lines = page.split('\n').map((line) => line.trim())
  const runTogether = RUN_TOGETHER[id]
  if (runTogether) {
    for (const line of lines) {
      const row = runTogether(line)
      if (row) rows.push(row)
    }
    return rows
  }
  const tables = PIPE_TABLES[id] ?? {}
  let columns: Partial<Record<Field, number>> | undefined
  for (const line of lines) {
    if (!line.includes('|')) continue
    // A header may follow other text on the same line (the page lost a line break before it).
    const header = cellsOf(line.slice(line.indexOf('|')))
      .filter(Boolean)
      .join('|')
    if (
      header in tables ||
      /^\|?\s*(Status|Error message|Code|Field|Python|Error code)\s*\|/.test(line.slice(line.indexOf('|')))
    ) {
      columns = tables[header]
      continue
    }
    if (/^\|?-/.test(line) || !columns) continue
    const cells = cellsOf(line)
    const pick = (field: Field) => (columns![field] === undefined ? undefined : cells[columns![field]!])
    rows.push({
      line,
      ...(pick('code') ? { code: pick('code')! } : {}),
      status: Number(pick('status')),
      ...(pick('description') ? { description: pick('description')! } : {}),
      ...(pick('resolution') ? { resolution: pick('resolution')! } : {}),
    })
  }
  return rows
}

function matches(seed: SeedRow, row: GeneratedRow): boolean {
  if (seed.code !== undefined && seed.code !== row.code) return false
  if (seed.status !== row.status) return false
  if (seed.description !== undefined && seed.description !== row.description) return false
  if (seed.resolution !== undefined && seed.resolution !== row.resolution) return false
  if (seed.descriptionThenResolution !== undefined)
    return seed.descriptionThenResolution === row.description + row.resolution
  return true
}

const catalogs = readdirSync(SEED_CATALOGS).filter(
  (file) => /^\d{3}-.+\.ts$/.test(file) && !file.endsWith('.test.ts'),
)
const pages = readdirSync(SEED_PAGES).filter((file) => file.endsWith('.txt'))

describe('seed error pages regenerated by `faultline docs --format md`', () => {
  it('has a catalog for every seed page', () => {
    expect(catalogs.map((file) => file.slice(0, 3)).sort()).toEqual(
      pages.map((file) => file.slice(0, 3)).sort(),
    )
  })

  it.each(catalogs)('%s: every seed row is in a generated table', async (file) => {
    const id = file.slice(0, 3)
    const page = readFileSync(join(SEED_PAGES, pages.find((p) => p.startsWith(`${id}_`))!), 'utf8')
    const { format } = (await import(join(SEED_CATALOGS, file))) as { format?: string }
    const result = await runFaultline([
      'docs',
      join('examples', 'seeds', file),
      '--format',
      'md',
      ...(format ? ['--envelope', format] : []),
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const tables = parseMarkdownTables(result.stdout)
    const generated: GeneratedRow[] = tables
      .filter((table) => table.header.join('|') === 'Code|HTTP Status|Description|Resolution')
      .flatMap((table) => table.rows)
      .map(([code, status, description, resolution]) => ({
        code: code!,
        status: Number(status),
        description: description!,
        resolution: resolution!,
      }))

    const rows = seedRows(id, page)
    expect(rows).toHaveLength(SEED_ROW_COUNTS[id]!)
    const missing = rows
      .filter((seed) => !generated.some((row) => matches(seed, row)))
      .map((seed) => seed.line)
    expect(missing).toEqual([])

    // The seed's own retry and SDK tables, where it has them, agree with the generated ones.
    const retry = tables.find((table) => table.header.join('|') === 'Status|Retryable?|Notes')!
    const seedRetry = [...page.matchAll(/^(\d{3}) \| (Yes|No) \|/gm)].map((m) => [m[1], m[2]])
    for (const [status, retryable] of seedRetry)
      expect(retry.rows).toContainEqual(expect.arrayContaining([status, retryable]))
    const sdk = tables.find((table) => table.header.join('|') === 'Python|TypeScript|When raised')!
    const seedSdk = [...page.matchAll(/^\| (\w+Error) \| (\w+Error) \| (.+) \|$/gm)].map((m) => [
      m[1],
      m[2],
      m[3],
    ])
    for (const row of seedSdk) expect(sdk.rows).toContainEqual(row)
    if (id === '002') expect(seedSdk).toHaveLength(4)
    if (id === '001') expect(seedRetry).toHaveLength(6)
  })
})
