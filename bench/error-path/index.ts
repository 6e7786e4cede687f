import { describePinning, withPinnedLoadGenerator } from './cpu-pinning.js'
import { type LoadOptions, type LoadResult, loadServer } from './load.js'
import { median } from './median.js'
import { ServerProcess } from './server-process.js'
import type { BenchTable } from './table.js'
import { ERROR_PATH, FRAMEWORKS, type Framework, SUCCESS_PATH, VARIANTS, type Variant } from './variants.js'

export type { BenchTable } from './table.js'

export interface ErrorPathOptions extends Partial<LoadOptions> {
  /** Measured rounds; each round runs every variant once, alternating the order. */
  readonly rounds?: number
  readonly frameworks?: readonly Framework[]
}

/** One measured configuration: a server variant and the route loaded. */
interface Run {
  readonly variant: Variant
  readonly path: string
  readonly status: number
}

const ERROR_RUNS: readonly Run[] = VARIANTS.map((variant) => ({ variant, path: ERROR_PATH, status: 404 }))
const SUCCESS_RUNS: readonly Run[] = (['handwritten', 'faultline'] as const).map((variant) => ({
  variant,
  path: SUCCESS_PATH,
  status: 200,
}))

interface Measured {
  readonly run: Run
  readonly samples: LoadResult[]
  failure?: string
}

const fixed = (digits: number) => (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')
const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a')
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a')

interface Summary {
  readonly rps: number
  readonly p99Ms: number
  readonly cpu: number
  readonly unexpected: number
}

function summarize(measured: Measured): Summary {
  const { samples } = measured
  return {
    rps: median(samples.map((s) => s.rps)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    cpu: median(samples.map((s) => s.cpuMicrosPerRequest)),
    unexpected: samples.reduce((sum, s) => sum + s.unexpected, 0),
  }
}

/** The bar: ≥ 0.95× hand-written throughput and CPU efficiency, and ahead of the framework's peer. */
function verdict(own: Summary, hand: Summary, peer: Summary | undefined): string {
  const rpsOk = own.rps / hand.rps >= 0.95
  const cpuOk = hand.cpu / own.cpu >= 0.95
  const parts = [`rps ${rpsOk ? 'met' : 'MISSED'}`, `CPU ${cpuOk ? 'met' : 'MISSED'}`]
  if (peer) parts.push(`vs peer ${own.rps > peer.rps && own.cpu < peer.cpu ? 'ahead' : 'NOT ahead'}`)
  return parts.join(', ')
}

type Row = Record<string, string | number>

function rowsOf(framework: Framework, measured: readonly Measured[], withPeer: boolean): Row[] {
  const summaries = new Map(measured.map((m) => [m.run.variant, m.failure ? undefined : summarize(m)]))
  const hand = summaries.get('handwritten')
  const handThrow = summaries.get('handwritten-throw')
  const same = summaries.get('handwritten-same')
  const peer = withPeer ? summaries.get('peer') : undefined
  return measured.map((m): Row => {
    const own = summaries.get(m.run.variant)
    if (own === undefined) {
      return {
        framework,
        variant: m.run.variant,
        rps: 'failed',
        'p99 ms': '',
        'CPU µs/req': '',
        note: m.failure ?? '',
      }
    }
    const target = m.run.variant.startsWith('faultline') && hand ? verdict(own, hand, peer) : ''
    return {
      framework,
      variant: m.run.variant,
      rps: whole(own.rps),
      '× hand rps': hand ? times(own.rps / hand.rps) : 'n/a',
      'p99 ms': fixed(1)(own.p99Ms),
      'CPU µs/req': fixed(1)(own.cpu),
      '× hand CPU': hand ? times(own.cpu / hand.cpu) : 'n/a',
      ...(withPeer
        ? {
            '× same-bytes CPU': same ? times(own.cpu / same.cpu) : 'n/a',
            '× hand-throw CPU': handThrow ? times(own.cpu / handThrow.cpu) : 'n/a',
          }
        : {}),
      'unexpected responses': own.unexpected,
      target,
    }
  })
}

interface Probe {
  readonly status: number
  readonly contentType: string
  readonly body: string
}

async function probe(server: ServerProcess, path: string): Promise<Probe> {
  const response = await fetch(server.url + path, { signal: AbortSignal.timeout(5000) })
  const body = await response.text()
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body }
}

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s+/g, ' ').slice(0, 300)
}

async function measureFramework(framework: Framework, options: LoadOptions, rounds: number) {
  const variants = [...new Set([...ERROR_RUNS, ...SUCCESS_RUNS].map((run) => run.variant))]
  const servers = new Map<Variant, ServerProcess>()
  const failures = new Map<Variant, string>()
  const probes: Record<string, string | number>[] = []
  try {
    for (const variant of variants) {
      try {
        servers.set(variant, await ServerProcess.start(framework, variant))
      } catch (error) {
        failures.set(variant, describeFailure(error))
      }
    }
    for (const [variant, server] of servers) {
      const seen = await probe(server, ERROR_PATH)
      probes.push({
        framework,
        variant,
        status: seen.status,
        'content-type': seen.contentType,
        bytes: Buffer.byteLength(seen.body),
        body: seen.body.length > 160 ? `${seen.body.slice(0, 160)}…` : seen.body,
      })
    }
    const all: Measured[] = [...ERROR_RUNS, ...SUCCESS_RUNS].map((run) => ({ run, samples: [] }))
    for (const m of all) {
      const failure = failures.get(m.run.variant)
      if (failure !== undefined) m.failure = failure
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? all : [...all].reverse()
      for (const m of order) {
        const server = servers.get(m.run.variant)
        if (server === undefined || m.failure !== undefined) continue
        try {
          // Servers stay up between rounds, so only the first run of each needs warming.
          const load = round === 0 ? options : { ...options, warmupSec: 0 }
          m.samples.push(await loadServer(server, m.run.path, m.run.status, load))
        } catch (error) {
          m.failure = describeFailure(error)
        }
      }
      console.log(`  ${framework}: round ${round + 1}/${rounds} done`)
    }
    return {
      errorRows: rowsOf(
        framework,
        all.filter((m) => m.run.path === ERROR_PATH),
        true,
      ),
      successRows: rowsOf(
        framework,
        all.filter((m) => m.run.path === SUCCESS_PATH),
        false,
      ),
      probes,
    }
  } finally {
    for (const server of servers.values()) server.stop()
  }
}

/**
 * Part 1: the error path through each framework, every variant served by its own child process and loaded
 * over loopback by autocannon from this process; medians of alternating rounds.
 */
export async function runErrorPathBench(options: ErrorPathOptions = {}): Promise<BenchTable[]> {
  const load: LoadOptions = {
    durationSec: options.durationSec ?? 2,
    warmupSec: options.warmupSec ?? 1,
    connections: options.connections ?? 50,
  }
  const rounds = options.rounds ?? 4
  const errorRows: Record<string, string | number>[] = []
  const successRows: Record<string, string | number>[] = []
  const probes: Record<string, string | number>[] = []
  await withPinnedLoadGenerator(async () => {
    for (const framework of options.frameworks ?? FRAMEWORKS) {
      const result = await measureFramework(framework, load, rounds)
      errorRows.push(...result.errorRows)
      successRows.push(...result.successRows)
      probes.push(...result.probes)
    }
  })
  const how = `${load.connections} connections, ${load.warmupSec} s warm-up before a server's first run, ${load.durationSec} s measured per run, ${rounds} alternating rounds, medians; ${describePinning()}`
  return [
    {
      title: `Error path: GET ${ERROR_PATH} → 404 with details { agentId }`,
      note: `${how}. "× hand" compares with the hand-written route of the same framework (CPU: lower is better). Target: Faultline ≥ 0.95× hand-written throughput and CPU efficiency, and ahead of the peer on both. "× same-bytes CPU" compares with a hand-written route sending the very bytes Faultline sends (a request id in body and header, \`Cache-Control: no-store\`): what the library itself adds. "× hand-throw CPU" compares with a route that throws into a hand-written error handler: the framework's own error path, which every thrown-error design pays. \`faultline-send\` answers with \`sendError\` instead of throwing.`,
      rows: errorRows,
    },
    {
      title: `Success path: GET ${SUCCESS_PATH} → { ok: true }`,
      note: `${how}. The same route on the hand-written app and on an app with the Faultline adapter installed.`,
      rows: successRows,
    },
    {
      title: 'What each error-path variant sends',
      note: 'One probe request per server before the load, to show the bodies are comparable.',
      rows: probes,
    },
  ]
}
