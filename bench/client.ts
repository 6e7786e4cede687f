/**
 * Client overhead and error parsing throughput.
 *   1. Success path: the same loopback server, plain fetch (A) vs createClient (B), batches alternating
 *      A B A B; per-request medians and the overhead ratio (target: ≤ 5 %).
 *   2. Error bodies of every built-in format (and non-envelope bodies) parsed per second.
 *
 *   node --import tsx bench/client.ts
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { type ErrorFormat, type FaultlineError, formats, standardCatalog } from 'faultline'
import { createClient, parseErrorSync } from 'faultline/client'
import { median } from './error-path/median.js'

export interface ClientBenchRow {
  readonly case: string
  readonly metric: string
  readonly value: number
  readonly unit: string
}

export interface ClientBenchOptions {
  /** A/B rounds for the success path. */
  readonly rounds?: number
  /** Sequential requests per batch. */
  readonly batch?: number
  /** Time spent parsing each kind of error body. */
  readonly parseMsPerCase?: number
}

const PAYLOAD = JSON.stringify({ id: 'agt_1', name: 'support-bot', status: 'active', tags: ['a', 'b'] })

export async function runClientBench(options: ClientBenchOptions = {}): Promise<ClientBenchRow[]> {
  const rows = await successPathRows(options.rounds ?? 41, options.batch ?? 100)
  rows.push(...parseThroughputRows(options.parseMsPerCase ?? 300))
  return rows
}

async function successPathRows(rounds: number, batch: number): Promise<ClientBenchRow[]> {
  const server = await startServer()
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const loopback = await compare(url, globalThis.fetch, rounds, batch, false)
    // Any timeout on fetch needs a signal per request, which undici registers and tracks: this baseline
    // pays for one, as the client does for its per-attempt timeout.
    const withSignal = await compare(url, globalThis.fetch, rounds, batch, true)
    // The same comparison with fetch answered in memory isolates the client's own CPU work per request.
    const inMemory = await compare(url, inMemoryFetch, rounds, batch * 5, false)
    return [
      {
        case: 'success path (loopback)',
        metric: 'plain fetch, median per request',
        value: round2(loopback.a),
        unit: 'µs',
      },
      {
        case: 'success path (loopback)',
        metric: 'createClient, median per request',
        value: round2(loopback.b),
        unit: 'µs',
      },
      {
        case: 'success path (loopback)',
        metric: 'client overhead over plain fetch (median of paired rounds)',
        value: round2(loopback.overheadPercent),
        unit: '%',
      },
      {
        case: 'success path (loopback)',
        metric: 'plain fetch with a per-request AbortSignal (a timeout), median per request',
        value: round2(withSignal.a),
        unit: 'µs',
      },
      {
        case: 'success path (loopback)',
        metric: 'client overhead over plain fetch with a timeout signal (median of paired rounds)',
        value: round2(withSignal.overheadPercent),
        unit: '%',
      },
      {
        case: 'client work (fetch answered in memory)',
        metric: 'added per request (median of paired rounds)',
        value: round2(inMemory.b - inMemory.a),
        unit: 'µs',
      },
    ]
  } finally {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

interface Comparison {
  /** Median µs per request, plain fetch. */
  readonly a: number
  /** Median µs per request, through createClient. */
  readonly b: number
  /** Median over rounds of (B ÷ A − 1): each round pairs neighbouring batches, so drift in machine load cancels. */
  readonly overheadPercent: number
}

async function compare(
  url: string,
  fetchImpl: typeof fetch,
  rounds: number,
  batch: number,
  plainWithSignal: boolean,
): Promise<Comparison> {
  const client = createClient({ baseUrl: url, fetch: fetchImpl })
  const plain = async () => {
    const response = await fetchImpl(`${url}/agents/agt_1`, {
      headers: { accept: 'application/json' },
      ...(plainWithSignal ? { signal: new AbortController().signal } : {}),
    })
    if (!response.ok) throw new Error(`status ${response.status}`)
    return (await response.json()) as unknown
  }
  const viaClient = () => client.get('/agents/agt_1')
  // Warm both paths (connection pool, JIT) before measuring.
  await timeBatch(plain, batch)
  await timeBatch(viaClient, batch)
  const aTimes: number[] = []
  const bTimes: number[] = []
  const ratios: number[] = []
  for (let round = 0; round < rounds; round++) {
    // Alternating which goes first, so neither always runs on the caches and pool the other warmed.
    let a: number
    let b: number
    if (round % 2 === 0) {
      a = await timeBatch(plain, batch)
      b = await timeBatch(viaClient, batch)
    } else {
      b = await timeBatch(viaClient, batch)
      a = await timeBatch(plain, batch)
    }
    aTimes.push(a)
    bTimes.push(b)
    ratios.push(b / a - 1)
  }
  return { a: median(aTimes), b: median(bTimes), overheadPercent: median(ratios) * 100 }
}

const inMemoryFetch = (async () =>
  new Response(PAYLOAD, { headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch

/** Mean µs per request over one batch of sequential requests. */
async function timeBatch(run: () => Promise<unknown>, batch: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < batch; i++) await run()
  return ((performance.now() - started) * 1000) / batch
}

function parseThroughputRows(msPerCase: number): ClientBenchRow[] {
  const rows: ClientBenchRow[] = []
  for (const sample of errorSamples()) {
    const response = { status: sample.status, headers: sample.headers, body: sample.body }
    let count = 0
    const started = performance.now()
    // Bounded by time; checked every 100 parses so the clock is not the thing measured.
    while (performance.now() - started < msPerCase) {
      for (let i = 0; i < 100; i++) parseErrorSync(response)
      count += 100
    }
    const perSecond = count / ((performance.now() - started) / 1000)
    rows.push({
      case: `parse ${sample.name}`,
      metric: 'error bodies parsed per second',
      value: Math.round(perSecond),
      unit: 'ops/s',
    })
  }
  return rows
}

interface ErrorSample {
  readonly name: string
  readonly status: number
  readonly headers: Record<string, string>
  /** The body as text, as it comes off the wire. */
  readonly body: string
}

/** One real rendering per built-in format, plus the bodies proxies and broken servers send. */
function errorSamples(): ErrorSample[] {
  const notFound = standardCatalog.create('NOT_FOUND', { message: 'Agent not found' })
  const validation = standardCatalog.create('VALIDATION_ERROR', {
    details: {
      issues: [
        { path: ['email'], message: 'email is required' },
        { path: ['name'], message: 'name is too long' },
      ],
    },
  })
  const rateLimited = standardCatalog.create('RATE_LIMITED', { headers: { 'retry-after': '42' } })
  const context = {
    requestId: 'req_01912345',
    instance: '/agents/agt_1',
    timestamp: '2026-03-07T12:00:00.000Z',
  }
  const rendered = (name: string, format: ErrorFormat, error: FaultlineError = notFound): ErrorSample => {
    const out = format.render(error, context)
    return { name, status: out.status, headers: out.headers, body: JSON.stringify(out.body) }
  }
  return [
    rendered('problem+json', formats.problem, validation),
    rendered('flat (seed 000)', formats.flat),
    rendered('plain string (seed 001)', formats.plain, validation),
    rendered('plain object (seed 001)', formats.plain),
    rendered('status (seed 002, 429)', formats.status, rateLimited),
    rendered('list (seed 003, 2 errors)', formats.list, validation),
    rendered('nested (seed 004)', formats.nested),
    rendered('nested public (seed 004)', formats.nestedPublic),
    {
      name: 'HTML 502 page',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',
    },
    { name: 'empty body', status: 503, headers: {}, body: '' },
    {
      name: 'truncated JSON',
      status: 404,
      headers: {},
      body: '{"error":{"code":"NOT_FOUND","message":"Agent n',
    },
  ]
}

function startServer(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(PAYLOAD) })
    res.end(PAYLOAD)
  })
  server.keepAliveTimeout = 30_000
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runClientBench()
  console.table(rows)
}
