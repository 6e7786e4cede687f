import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import type { BenchTable } from './error-path/table.js'

/**
 * The benchmark suite (`npm run bench`): runs each part in turn, prints every table and writes them, with
 * the machine they ran on, to docs/benchmarks.md. A part that is missing, throws or overruns its time
 * bound is reported as such and the suite goes on.
 */

const COMMAND = 'npm run bench'
const OUTPUT = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url))

/**
 * Parts import `faultline/*` as an application does: the built package in dist/, so the suite builds it
 * first. Under the `source` condition they would import the TypeScript sources through tsx, whose
 * transform wraps every closure it creates in a naming call: a cost the published package does not have.
 */
function hasSourceCondition(): boolean {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]
  return args.some(
    (arg, i) =>
      arg === '--conditions=source' ||
      arg === '-C=source' ||
      ((arg === '--conditions' || arg === '-C') && args[i + 1] === 'source'),
  )
}

if (hasSourceCondition()) {
  console.warn(
    'Measuring the TypeScript sources through tsx (the source condition), not the built package.\n',
  )
} else {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const root = fileURLToPath(new URL('..', import.meta.url))
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (build.status !== 0) {
    console.error('The build failed: nothing measured.')
    process.exit(build.status ?? 1)
  }
}

interface Part {
  readonly title: string
  readonly module: string
  readonly run: string
  /** Beyond this the suite stops waiting for the part and reports it as overrun. */
  readonly boundSec: number
}

const PARTS: readonly Part[] = [
  {
    title: '1. Error path through each framework',
    module: './error-path/index.js',
    run: 'runErrorPathBench',
    boundSec: 480,
  },
  { title: '2. Create + render', module: './create-render.js', run: 'runCreateRenderBench', boundSec: 90 },
  { title: 'Rate limit', module: './rate-limit.js', run: 'runRateLimitBench', boundSec: 120 },
  {
    title: 'Retry amplification',
    module: './retry-amplification.js',
    run: 'runRetryAmplificationBench',
    boundSec: 60,
  },
  { title: 'Idempotency', module: './idempotency.js', run: 'runIdempotencyBench', boundSec: 60 },
  { title: 'Client', module: './client.js', run: 'runClientBench', boundSec: 60 },
]

type Cell = string | number | boolean | null | undefined

interface PartReport {
  readonly part: Part
  readonly seconds: number
  readonly tables: BenchTable[]
  readonly problem?: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isTable(value: unknown): value is BenchTable {
  return isRecord(value) && typeof value.title === 'string' && Array.isArray(value.rows)
}

/** Parts return rows, one table, or several tables; all become titled tables. */
function tablesOf(title: string, result: unknown): BenchTable[] {
  if (isTable(result)) return [result]
  if (Array.isArray(result) && result.length > 0 && result.every(isTable)) return result
  if (Array.isArray(result) && result.every(isRecord)) return [{ title, rows: result as BenchTable['rows'] }]
  if (isRecord(result) && Array.isArray(result.rows)) return [{ title, rows: result.rows }]
  return [{ title, rows: [{ result: JSON.stringify(result) ?? String(result) }] }]
}

function cellText(value: Cell | unknown): string {
  if (value === undefined || value === null) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

function markdownTable(table: BenchTable): string {
  const columns: string[] = []
  for (const row of table.rows)
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key)
  if (columns.length === 0) return '_(no rows)_'
  const lines = [`| ${columns.map(cellText).join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`]
  for (const row of table.rows) lines.push(`| ${columns.map((c) => cellText(row[c])).join(' | ')} |`)
  return lines.join('\n')
}

function renderTables(tables: readonly BenchTable[]): string {
  return tables
    .map((table) => `#### ${table.title}\n\n${table.note ? `${table.note}\n\n` : ''}${markdownTable(table)}`)
    .join('\n\n')
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

function isMissingModule(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown })?.code
  const name = specifier.replace(/^\.\//, '').replace(/\.js$/, '')
  return code === 'ERR_MODULE_NOT_FOUND' && describe(error).includes(name)
}

async function runPart(part: Part): Promise<PartReport> {
  const started = performance.now()
  const seconds = () => (performance.now() - started) / 1000
  let module: Record<string, unknown>
  try {
    module = await import(part.module)
  } catch (error) {
    const problem = isMissingModule(error, part.module)
      ? `missing: bench/${part.module.slice(2).replace(/\.js$/, '.ts')} is not there yet`
      : `failed to load: ${describe(error)}`
    return { part, seconds: seconds(), tables: [], problem }
  }
  const run = module[part.run]
  if (typeof run !== 'function') {
    return {
      part,
      seconds: seconds(),
      tables: [],
      problem: `missing: ${part.module} exports no ${part.run}()`,
    }
  }
  let timer: NodeJS.Timeout | undefined
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`overran its ${part.boundSec} s bound`)), part.boundSec * 1000)
  })
  try {
    const result = await Promise.race([Promise.resolve(run()), overrun])
    return { part, seconds: seconds(), tables: tablesOf(part.title, result) }
  } catch (error) {
    return { part, seconds: seconds(), tables: [], problem: `threw: ${describe(error)}` }
  } finally {
    clearTimeout(timer)
  }
}

function machine(): string[] {
  const cpus = os.cpus()
  return [
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node: ${process.version}`,
    `- Load average when the suite started (1/5/15 min): ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ')}`,
  ]
}

function document(reports: readonly PartReport[], date: Date, totalSec: number, header: string[]): string {
  const sections = reports.map((report) => {
    const heading = `### ${report.part.title}\n\n_${report.seconds.toFixed(0)} s_`
    if (report.problem) return `${heading}\n\n**Not measured**: ${report.problem}`
    return `${heading}\n\n${renderTables(report.tables)}`
  })
  return [
    '# Benchmarks',
    '',
    `Measured ${date.toISOString()} with \`${COMMAND}\` (${totalSec.toFixed(0)} s in all).`,
    '',
    ...header,
    '',
    'Faultline is measured as published: the built package (dist/), which the suite builds first. Servers',
    'run in child processes started with `NODE_ENV=production`; load comes from autocannon in the',
    'benchmark process over 127.0.0.1. In-process loops count operations per CPU-second so a busy machine',
    'slows them less; HTTP runs alternate their variants and report medians. Numbers from a shared machine',
    'move between runs: compare ratios within one table, not absolute numbers across runs.',
    '',
    '## Results',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n')
}

/** `npm run bench -- render` runs only the parts whose title contains one of the words given. */
const only = process.argv.slice(2).map((word) => word.toLowerCase())
const selected =
  only.length === 0 ? PARTS : PARTS.filter((p) => only.some((w) => p.title.toLowerCase().includes(w)))

const date = new Date()
const header = machine()
console.log(`Faultline benchmarks, ${date.toISOString()}\n${header.join('\n')}\n`)
const suiteStarted = performance.now()
const reports: PartReport[] = []
for (const part of selected) {
  console.log(`== ${part.title}`)
  const report = await runPart(part)
  reports.push(report)
  if (report.problem) console.log(`   NOT MEASURED (${report.seconds.toFixed(0)} s): ${report.problem}\n`)
  else console.log(`${renderTables(report.tables)}\n\n   (${report.seconds.toFixed(0)} s)\n`)
}
const totalSec = (performance.now() - suiteStarted) / 1000
mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true })
writeFileSync(OUTPUT, document(reports, date, totalSec, header))
console.log(`Wrote docs/benchmarks.md (${totalSec.toFixed(0)} s)`)
// A part that overran may still hold timers or sockets; the suite is done either way.
process.exit(reports.some((r) => r.problem?.startsWith('threw')) ? 1 : 0)
