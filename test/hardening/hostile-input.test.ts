import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAcceptableRequestId } from '../../src/http/request-id.js'
import { envelopeProblem, isParserRejection } from './support/envelope.js'
import {
  allowedAnswers,
  HOSTILE_IDEMPOTENCY_KEYS,
  HOSTILE_REQUEST_IDS,
  type HostileCase,
  hostileBodyCases,
} from './support/hostile-requests.js'
import { LeakScanner } from './support/leak-scanner.js'
import { jsonPost, type RawResponse, rawRequest, requestHead } from './support/raw-http.js'
import { type ServerProcess, startServerProcess } from './support/server-process.js'
import { Tally } from './support/tally.js'

const ADAPTERS = ['express', 'fastify', 'hono', 'node', 'fetch'] as const
const BODY_LIMIT = 262_144
const tally = new Tally('hostile-input')
const leaks = new LeakScanner()

/** Why a raw answer is wrong for a case (undefined when it is right). */
function judge(item: HostileCase, adapter: string, answer: RawResponse): string | undefined {
  if (answer.ending === 'timeout') return `no answer within ${item.timeoutMs ?? 5_000} ms`
  if (answer.ending !== 'answered') {
    return item.mayClose || item.parserMayReject ? undefined : `connection ${answer.ending} without an answer`
  }
  if (item.parserMayReject && isParserRejection(answer)) return undefined
  const allowed = allowedAnswers(item, adapter)
  if (!(answer.status in allowed)) return `status ${answer.status}: ${answer.body.slice(0, 160)}`
  const code = allowed[answer.status]
  if (code === undefined) return undefined
  return envelopeProblem(answer, code)
}

describe.each(ADAPTERS)('hostile HTTP input: %s', (adapter) => {
  let server: ServerProcess
  let baselineHeap = 0
  const envMarker = `envmarker_${adapter}_${Math.random().toString(36).slice(2)}`
  const causeMarker = `causemarker_${adapter}_${Math.random().toString(36).slice(2)}`

  beforeAll(async () => {
    server = await startServerProcess({
      HARDENING_ADAPTER: adapter,
      HARDENING_BODY_LIMIT: String(BODY_LIMIT),
      HARDENING_SECRET_ENV: envMarker,
      HARDENING_CAUSE_MARKER: causeMarker,
    })
    leaks.secret(`env value (${adapter})`, envMarker).secret(`cause message (${adapter})`, causeMarker)
    // Warm up every path once so the baseline includes compiled code and caches, not just an idle heap.
    for (const item of hostileBodyCases(BODY_LIMIT))
      await rawRequest(server.port, item.chunks, { timeoutMs: 10_000, gapMs: item.gapMs })
    baselineHeap = (await server.probe()).heapUsed
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('answers every hostile body over a raw socket with the right catalog envelope', async () => {
    const problems: string[] = []
    for (const item of hostileBodyCases(BODY_LIMIT)) {
      const answer = await rawRequest(server.port, item.chunks, {
        timeoutMs: item.timeoutMs ?? 5_000,
        gapMs: item.gapMs,
        endAfterWrite: item.endAfterWrite,
      })
      leaks.record(`${adapter} raw ${item.name}`, answer.head, answer.body)
      const problem = judge(item, adapter, answer)
      tally.check(`${adapter} raw ${item.name}`, problem)
      if (problem) problems.push(`${item.name}: ${problem}`)
    }
    expect(problems).toEqual([])
  })

  it('answers the same bodies sent through fetch the same way', async () => {
    const problems: string[] = []
    for (const item of hostileBodyCases(BODY_LIMIT)) {
      // fetch frames the body itself, so only cases whose hostility is in the bytes and the type apply.
      if (item.parserMayReject || item.mayClose || item.gapMs !== undefined || item.chunks.length !== 2)
        continue
      const head = String(item.chunks[0])
      if (head.includes('Transfer-Encoding')) continue
      const declared = /Content-Length: (\d+)/.exec(head)?.[1]
      const bytes = item.chunks[1]!
      if (
        declared !== undefined &&
        Number(declared) !== (typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength)
      )
        continue
      const type = /Content-Type: ([^\r]*)/.exec(head)?.[1]
      const response = await fetch(`${server.url}/echo`, {
        method: 'POST',
        headers: type === undefined ? {} : { 'content-type': type },
        body: item.chunks[1] as string | Uint8Array<ArrayBuffer>,
      })
      const answer = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: await response.text(),
      }
      leaks.record(`${adapter} fetch ${item.name}`, answer.headers, answer.body)
      const allowed = allowedAnswers(item, adapter)
      const code = allowed[answer.status]
      const problem = !(answer.status in allowed)
        ? `status ${answer.status}`
        : code === undefined
          ? undefined
          : envelopeProblem(answer, code)
      tally.check(`${adapter} fetch ${item.name}`, problem)
      if (problem) problems.push(`${item.name}: ${problem}`)
    }
    expect(problems).toEqual([])
  })

  it('never echoes a hostile X-Request-Id and never lets a header be injected', async () => {
    const problems: string[] = []
    for (const [label, value] of HOSTILE_REQUEST_IDS) {
      const answer = await rawRequest(server.port, [
        requestHead('GET', '/missing', [['X-Request-Id', value]]),
      ])
      leaks.record(`${adapter} request id ${label}`, answer.head, answer.body)
      const echoed = answer.headers['x-request-id']
      const problem =
        answer.status === 404
          ? echoed === value || !isAcceptableRequestId(echoed)
            ? `echoed ${JSON.stringify(echoed?.slice(0, 40))}`
            : envelopeProblem(answer, 'NOT_FOUND')
          : isParserRejection(answer) || answer.ending !== 'answered'
            ? undefined
            : `status ${answer.status}`
      tally.check(`${adapter} request id ${label}`, problem)
      if (problem) problems.push(`${label}: ${problem}`)
    }
    // On the wire a CR/LF ends the header: what follows is a separate request header, never a response one.
    for (const value of [
      'abc\r\nSet-Cookie: injected=1',
      'abc\rSet-Cookie: injected=1',
      'abc\nSet-Cookie: injected=1',
    ]) {
      const answer = await rawRequest(server.port, [
        requestHead('GET', '/missing', [['X-Request-Id', value]]),
      ])
      leaks.record(`${adapter} request id CRLF`, answer.head, answer.body)
      const problem = /injected/i.test(answer.head) ? 'injected header reached the response' : undefined
      tally.check(`${adapter} request id ${JSON.stringify(value.slice(3, 5))}`, problem)
      if (problem) problems.push(problem)
    }
    // A sane id is echoed, in the header and the body.
    const sane = await rawRequest(server.port, [
      requestHead('GET', '/missing', [['X-Request-Id', 'trace-abc.123_X']]),
    ])
    expect(sane.headers['x-request-id']).toBe('trace-abc.123_X')
    expect(envelopeProblem(sane, 'NOT_FOUND')).toBeUndefined()
    expect(problems).toEqual([])
  })

  it('refuses hostile Idempotency-Key values with 400 VALIDATION_ERROR', async () => {
    const problems: string[] = []
    for (const [label, value] of HOSTILE_IDEMPOTENCY_KEYS) {
      const answer = await rawRequest(
        server.port,
        jsonPost('/idem', '{"delayMs":0}', [['Idempotency-Key', value]]),
      )
      leaks.record(`${adapter} idempotency key ${label}`, answer.head, answer.body)
      const problem = isParserRejection(answer)
        ? undefined
        : answer.status === 400
          ? envelopeProblem(answer, 'VALIDATION_ERROR')
          : `status ${answer.status}`
      tally.check(`${adapter} idempotency key ${label}`, problem)
      if (problem) problems.push(`${label}: ${problem}`)
      if (
        answer.status === 400 &&
        !isParserRejection(answer) &&
        !/"pointer":"\/headers\/idempotency-key"/.test(answer.body)
      ) {
        problems.push(`${label}: the issue does not point at the header`)
      }
    }
    const injected = await rawRequest(
      server.port,
      jsonPost('/idem', '{}', [['Idempotency-Key', 'k1\r\nSet-Cookie: injected=1']]),
    )
    tally.check(
      `${adapter} idempotency key CRLF`,
      /injected/i.test(injected.head) ? 'injected header reached the response' : undefined,
    )
    // node:http joins a repeated header into `a, b` before any adapter sees it: one (odd) key, used consistently.
    const twice = await rawRequest(
      server.port,
      jsonPost('/idem', '{}', [
        ['Idempotency-Key', 'a'],
        ['Idempotency-Key', 'b'],
      ]),
    )
    leaks.record(`${adapter} idempotency key twice`, twice.head, twice.body)
    const again = await rawRequest(server.port, jsonPost('/idem', '{}', [['Idempotency-Key', 'a, b']]))
    const consistent =
      twice.status === 400
        ? envelopeProblem(twice, 'VALIDATION_ERROR')
        : twice.status === 201 && again.headers['idempotent-replayed'] === 'true'
          ? undefined
          : `status ${twice.status} then ${again.status}`
    tally.check(`${adapter} idempotency key twice`, consistent)
    if (consistent) problems.push(`two Idempotency-Key headers: ${consistent}`)
    expect(problems).toEqual([])
  })

  it('answers handler failures with a generic 500 that carries no cause, driver text or environment value', async () => {
    const problems: string[] = []
    for (const kind of ['boom', 'env', 'sqlite', 'refused', 'redis', 'weird']) {
      const response = await fetch(`${server.url}/fail/${kind}`)
      const answer = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: await response.text(),
      }
      leaks.record(`${adapter} failure ${kind}`, answer.headers, answer.body)
      const problem =
        answer.status === 500 ? envelopeProblem(answer, 'INTERNAL_ERROR') : `status ${answer.status}`
      tally.check(`${adapter} failure ${kind}`, problem)
      if (problem) problems.push(`${kind}: ${problem}`)
    }
    expect(problems).toEqual([])
    // The details stay in the server's own log hook: every failure was reported.
    const probe = await server.probe()
    expect(probe.events.byCode.INTERNAL_ERROR ?? 0).toBeGreaterThanOrEqual(6)
  })

  it('ends a response whose stream fails midway without a second write, and keeps serving', async () => {
    const answer = await rawRequest(server.port, [requestHead('GET', '/stream', [])], { timeoutMs: 5_000 })
    leaks.record(`${adapter} stream`, answer.head, answer.body)
    // Headers and the first chunk left; the chunked body never gets its terminator; no second status line.
    expect(answer.status).toBe(200)
    expect(answer.ending).not.toBe('answered')
    expect(answer.ending).not.toBe('timeout')
    expect(answer.body).toContain('{"chunk":1}')
    expect(answer.body).not.toContain('HTTP/1.1')
    expect(answer.body).not.toContain('problem')
    const after = await fetch(`${server.url}/ok`)
    expect(after.status).toBe(200)
    tally.check(`${adapter} stream failure`, undefined)
  })

  it('stays up with its prototypes intact and memory back near the baseline', async () => {
    const cases = hostileBodyCases(BODY_LIMIT).filter((item) => item.gapMs === undefined)
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        cases.map((item) => rawRequest(server.port, item.chunks, { endAfterWrite: item.endAfterWrite })),
      )
    }
    const probe = await server.probe()
    expect(server.alive()).toBe(true)
    expect(probe.polluted).toBeUndefined()
    expect(probe.prototypeIntact).toBe(true)
    const growthMb = (probe.heapUsed - baselineHeap) / 1024 / 1024
    console.log(
      `hardening hostile-input ${adapter}: heap ${Math.round(baselineHeap / 1024 / 1024)} MB -> ${Math.round(probe.heapUsed / 1024 / 1024)} MB after ${cases.length * 4} hostile requests`,
    )
    expect(growthMb).toBeLessThan(24)
    const ok = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"ok"}',
    })
    expect(ok.status).toBe(200)
    tally.check(`${adapter} stays up`, undefined)
  })
})

describe('hostile input leaves nothing behind in this process either', () => {
  it('keeps the test process prototypes clean', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

afterAll(() => {
  const findings = leaks.findings()
  tally.check('leak audit', findings.length === 0 ? undefined : JSON.stringify(findings.slice(0, 5)))
  console.log(`${tally.summary()} (${leaks.count} responses scanned)`)
  expect(findings).toEqual([])
  expect(tally.failures).toEqual([])
})
