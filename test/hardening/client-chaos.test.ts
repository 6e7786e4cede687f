import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APIConnectionError, APIError, APITimeoutError, createClient } from '../../src/client/index.js'
import { hardeningCatalog } from './support/catalog.js'
import { CHAOS_KINDS, type ChaosServer, startChaosServer } from './support/chaos-server.js'
import { Tally } from './support/tally.js'

const tally = new Tally('client-chaos')
const REQUESTS = 2_000
const CONCURRENCY = 20
const DEADLINE_MS = 1_500
const MAX_ATTEMPTS = 3

/** A small seeded generator (mulberry32) so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

describe('the client against a chaos server', () => {
  let server: ChaosServer
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  const seed = Number(process.env.HARDENING_SEED ?? 20_261_122)

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    const random = seeded(seed)
    server = await startChaosServer(() => CHAOS_KINDS[Math.floor(random() * CHAOS_KINDS.length)]!)
  })

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    await server?.close()
  })

  it(`ends every one of ${REQUESTS} requests in success or an APIError, within the deadline and the attempt cap`, async () => {
    const attemptsPerRequest: number[] = []
    const client = createClient({
      baseUrl: server.url,
      catalog: hardeningCatalog,
      timeoutMs: 400,
      retry: {
        maxAttempts: MAX_ATTEMPTS,
        deadlineMs: DEADLINE_MS,
        maxDelayMs: 50,
        backoff: { baseMs: 5, capMs: 20 },
      },
      onRetry: (event) => {
        attemptsPerRequest.push(event.attempt)
      },
    })
    const outcomes: Record<string, number> = {}
    const problems: string[] = []
    let slowest = 0
    let next = 0
    const worker = async () => {
      while (next < REQUESTS) {
        const index = next++
        const method = index % 3 === 0 ? 'POST' : 'GET'
        const started = performance.now()
        let label: string
        try {
          await client.request(
            method,
            `/r/${index}`,
            method === 'POST' ? { body: { index }, idempotencyKey: `k-${index}` } : {},
          )
          label = 'success'
        } catch (error) {
          label = error instanceof APIError ? error.constructor.name : `NOT AN APIError: ${String(error)}`
          if (!(error instanceof APIError)) problems.push(label)
          else if (error.status !== 0 && (error.status < 400 || error.status > 599))
            problems.push(`status ${error.status}`)
          if (error instanceof APITimeoutError && !(error instanceof APIConnectionError))
            problems.push('timeout not a connection error')
        }
        const elapsed = performance.now() - started
        slowest = Math.max(slowest, elapsed)
        // The deadline bounds the whole call; one last attempt may still be running its own timeout.
        if (elapsed > DEADLINE_MS + 400 + 250) problems.push(`request took ${Math.round(elapsed)} ms`)
        outcomes[label] = (outcomes[label] ?? 0) + 1
        tally.check(`request ${index}`, undefined)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    console.log(
      `hardening client-chaos: outcomes ${JSON.stringify(outcomes)}; slowest ${Math.round(slowest)} ms; server saw ${JSON.stringify(server.counts)}`,
    )
    expect(problems).toEqual([])
    expect(Math.max(0, ...attemptsPerRequest)).toBeLessThan(MAX_ATTEMPTS)
    expect(outcomes.success ?? 0).toBeGreaterThan(0)
    // The retry budget bounds load amplification: under ~90 % failure, retries stop instead of tripling load.
    const attempts = Object.values(server.counts).reduce((a, b) => a + b, 0)
    expect(attempts).toBeLessThanOrEqual(REQUESTS * 1.25)
    expect(Object.keys(outcomes).length).toBeGreaterThan(3)
    const budget = client.retryBudget?.snapshot()
    if (budget) expect(budget.tokens).toBeGreaterThanOrEqual(0)
  }, 60_000)

  it('parses every chaos answer into an APIError without a retry policy too', async () => {
    const client = createClient({ baseUrl: server.url, retry: false, timeoutMs: 100 })
    for (let i = 0; i < 300; i++) {
      const outcome = await client.get(`/once/${i}`).then(
        () => 'success',
        (error: unknown) => (error instanceof APIError ? 'api-error' : `other: ${String(error)}`),
      )
      tally.check(`single ${i}`, outcome === 'success' || outcome === 'api-error' ? undefined : outcome)
    }
    expect(tally.failures).toEqual([])
  }, 60_000)

  it('leaves no unhandled rejection behind', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(unhandled).toEqual([])
  })
})

afterAll(() => {
  console.log(tally.summary())
  expect(tally.failures).toEqual([])
})
