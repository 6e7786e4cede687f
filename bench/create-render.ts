import { pathToFileURL } from 'node:url'
import Boom from '@hapi/boom'
import { type FormatName, formats, type RenderContext } from 'faultline'
import createError from 'http-errors'
import { AGENT_NOT_FOUND_MESSAGE, benchCatalog } from './error-path/catalog.js'
import { median } from './error-path/median.js'

/** Create + render, in process: what one error response costs before any socket is involved. */

export interface CreateRenderOptions {
  /** Measured rounds per case; the median is reported. */
  readonly rounds?: number
  /** Milliseconds each case runs per round (and once more, unmeasured, as warm-up). */
  readonly roundMs?: number
}

export interface CreateRenderRow {
  readonly case: string
  readonly 'ops/s': string
  readonly '× limit': string
  readonly target: string
}

/** Ids and contexts vary per iteration (16 of each, built up front) so no case renders one constant. */
const VARIANTS = 16
const ids = Array.from({ length: VARIANTS }, (_, i) => `agt_${(0x5f3a + i * 7919).toString(36)}`)
const contexts: RenderContext[] = ids.map((id, i) => ({
  requestId: `req_bench_${i}`,
  instance: `/agents/${id}`,
}))

type Case = (i: number) => string

function faultlineCase(format: FormatName): Case {
  const codec = formats[format]
  return (i) => {
    const error = benchCatalog.create('AGENT_NOT_FOUND', { details: { agentId: ids[i & 15]! } })
    return JSON.stringify(codec.render(error, contexts[i & 15]).body)
  }
}

/**
 * The limit per format: the same body written by hand as an object literal, so each format is measured
 * against exactly the JSON it produces (the list shape's hand-written twin also reads the clock).
 */
const LIMITS: Readonly<Record<FormatName, Case>> = {
  nested: (i) =>
    JSON.stringify({
      error: {
        code: 'AGENT_NOT_FOUND',
        message: AGENT_NOT_FOUND_MESSAGE,
        requestId: contexts[i & 15]!.requestId,
        details: { agentId: ids[i & 15]! },
      },
    }),
  nestedPublic: () => JSON.stringify({ error: { code: 'AGENT_NOT_FOUND' } }),
  problem: (i) =>
    JSON.stringify({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: AGENT_NOT_FOUND_MESSAGE,
      instance: contexts[i & 15]!.instance,
      code: 'AGENT_NOT_FOUND',
      requestId: contexts[i & 15]!.requestId,
      details: { agentId: ids[i & 15]! },
    }),
  flat: (i) =>
    JSON.stringify({
      error: AGENT_NOT_FOUND_MESSAGE,
      code: 'AGENT_NOT_FOUND',
      statusCode: 404,
      details: { agentId: ids[i & 15]! },
      requestId: contexts[i & 15]!.requestId,
    }),
  plain: (i) =>
    JSON.stringify({
      error: {
        message: AGENT_NOT_FOUND_MESSAGE,
        type: 'AGENT_NOT_FOUND',
        details: { agentId: ids[i & 15]! },
        requestId: contexts[i & 15]!.requestId,
      },
    }),
  status: (i) =>
    JSON.stringify({
      status: 'error',
      error: 'AGENT_NOT_FOUND',
      message: AGENT_NOT_FOUND_MESSAGE,
      details: { agentId: ids[i & 15]! },
      requestId: contexts[i & 15]!.requestId,
    }),
  list: (i) =>
    JSON.stringify({
      data: null,
      meta: { requestId: contexts[i & 15]!.requestId, timestamp: new Date().toISOString() },
      errors: [
        { code: 'AGENT_NOT_FOUND', message: AGENT_NOT_FOUND_MESSAGE, details: { agentId: ids[i & 15]! } },
      ],
    }),
}

const boomCase: Case = (i) =>
  JSON.stringify(Boom.notFound(AGENT_NOT_FOUND_MESSAGE, { agentId: ids[i & 15]! }).output.payload)

const httpErrorsCase: Case = (i) => {
  const error = createError(404, AGENT_NOT_FOUND_MESSAGE)
  return JSON.stringify({
    error: { code: error.name, message: error.message, details: { agentId: ids[i & 15]! } },
  })
}

const FORMAT_NAMES: readonly FormatName[] = [
  'nested',
  'problem',
  'flat',
  'plain',
  'status',
  'list',
  'nestedPublic',
]

const BOOM = '@hapi/boom notFound + payload'
const HTTP_ERRORS = 'http-errors createError(404)'

const CASES: ReadonlyArray<readonly [string, Case]> = [
  ...FORMAT_NAMES.flatMap((name) => [
    [`limit: ${name} literal`, LIMITS[name]] as const,
    [`faultline ${name}`, faultlineCase(name)] as const,
  ]),
  [BOOM, boomCase],
  [HTTP_ERRORS, httpErrorsCase],
]

/** Written to after every loop so the compiler cannot drop the work; read once at the end. */
let sink = 0

/** CPU microseconds this process has used (all its threads: garbage collection is part of the cost). */
function cpuMicros(): number {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

/**
 * Operations per CPU-second of `run` over about `ms` milliseconds of CPU. CPU time, not wall time: on a
 * shared machine a descheduled loop would otherwise look slow (the clock is read every 256 calls).
 */
function opsPerSecond(run: Case, ms: number): number {
  let count = 0
  let length = 0
  const start = cpuMicros()
  let elapsed = 0
  do {
    for (let j = 0; j < 256; j++) length += run(count + j).length
    count += 256
    elapsed = cpuMicros() - start
  } while (elapsed < ms * 1000)
  sink += length
  return (count / elapsed) * 1e6
}

function format(ops: number): string {
  return Math.round(ops).toLocaleString('en-US')
}

function ratio(value: number): string {
  return `${value.toFixed(2)}×`
}

export async function runCreateRenderBench(options: CreateRenderOptions = {}): Promise<CreateRenderRow[]> {
  const rounds = options.rounds ?? 5
  const roundMs = options.roundMs ?? 200
  for (const [, run] of CASES) opsPerSecond(run, roundMs)
  const samples = new Map<string, number[]>(CASES.map(([name]) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    // Alternate the order each round so no case always runs right after the same neighbour.
    const order = round % 2 === 0 ? CASES : [...CASES].reverse()
    for (const [name, run] of order) samples.get(name)!.push(opsPerSecond(run, roundMs))
  }
  if (sink === -1) console.log('unreachable')
  const medians = new Map([...samples].map(([name, values]) => [name, median(values)]))
  const nested = medians.get('faultline nested')!
  const rows: CreateRenderRow[] = []
  for (const name of FORMAT_NAMES) {
    const limit = medians.get(`limit: ${name} literal`)!
    const ops = medians.get(`faultline ${name}`)!
    rows.push({ case: `limit: ${name} literal`, 'ops/s': format(limit), '× limit': ratio(1), target: '' })
    rows.push({
      case: `faultline ${name}`,
      'ops/s': format(ops),
      '× limit': ratio(ops / limit),
      target: `≥ 0.50× limit: ${ops / limit >= 0.5 ? 'met' : 'MISSED'}`,
    })
  }
  const nestedLimit = medians.get('limit: nested literal')!
  for (const [name, floor] of [
    [BOOM, 6],
    [HTTP_ERRORS, 10],
  ] as const) {
    const ops = medians.get(name)!
    const ahead = nested / ops
    rows.push({
      case: name,
      'ops/s': format(ops),
      '× limit': ratio(ops / nestedLimit),
      target: `faultline nested is ${ratio(ahead)} this (≥ ${floor}×): ${ahead >= floor ? 'met' : 'MISSED'}`,
    })
  }
  return rows
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await runCreateRenderBench())
}
