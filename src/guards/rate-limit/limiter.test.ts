import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StoreUnavailableError } from '../store-failure.js'
import { createRateLimiter } from './limiter.js'
import type { RateLimitPolicy } from './policy.js'
import type { RateLimitStore } from './store.js'
import { memoryRateLimitStore } from './stores/memory.js'

function setup(policies: RateLimitPolicy[], start = 1_700_000_000_000) {
  const clock = { now: start }
  const store = memoryRateLimitStore({ maxKeys: 1_000, clock: () => clock.now })
  const limiter = createRateLimiter({ policies, store })
  return { clock, store, limiter }
}

async function admitted(limiter: ReturnType<typeof createRateLimiter>, key: string, times: number, cost = 1) {
  let count = 0
  for (let i = 0; i < times; i++) if ((await limiter.consume(key, cost)).allowed) count++
  return count
}

describe('GCRA', () => {
  it('admits a full burst of `limit`, then paces at limit/window', async () => {
    const { clock, limiter } = setup([{ name: 'ten', limit: 10, windowSeconds: 10 }])
    expect(await admitted(limiter, 'k', 15)).toBe(10)
    const rejected = await limiter.consume('k')
    expect(rejected).toMatchObject({ allowed: false, retryAfterSeconds: 1 })
    expect(rejected.policies[0]).toEqual({
      name: 'ten',
      limit: 10,
      remaining: 0,
      resetSeconds: 10,
      windowSeconds: 10,
    })
    clock.now += 1_000
    expect(await admitted(limiter, 'k', 3)).toBe(1)
    clock.now += 10_000
    expect(await admitted(limiter, 'k', 15)).toBe(10)
  })

  it('limits a burst separately from the sustained rate', async () => {
    const { clock, limiter } = setup([{ name: 'minute', limit: 60, windowSeconds: 60, burst: 5 }])
    expect(await admitted(limiter, 'k', 20)).toBe(5)
    clock.now += 3_000
    expect(await admitted(limiter, 'k', 20)).toBe(3)
    clock.now += 60_000
    expect(await admitted(limiter, 'k', 20)).toBe(5)
  })

  it('charges a weighted cost and reports whole remaining units', async () => {
    const { limiter } = setup([{ name: 'units', limit: 10, windowSeconds: 60 }])
    const first = await limiter.consume('k', 4)
    expect(first.allowed).toBe(true)
    expect(first.policies[0]?.remaining).toBe(6)
    const tooMuch = await limiter.consume('k', 7)
    expect(tooMuch.allowed).toBe(false)
    expect(tooMuch.policies[0]?.remaining).toBe(6)
    expect(tooMuch.retryAfterSeconds).toBe(6) // one unit refills every 6 s
    expect((await limiter.consume('k', 6)).allowed).toBe(true)
  })

  it('never admits a cost above the burst, and gives no Retry-After for it', async () => {
    const { limiter } = setup([{ name: 'small', limit: 10, windowSeconds: 60, burst: 3 }])
    const decision = await limiter.consume('k', 4)
    expect(decision.allowed).toBe(false)
    expect(decision.retryAfterSeconds).toBeUndefined()
    expect(decision.policies[0]?.remaining).toBe(3)
  })
})

describe('sliding window (two buckets)', () => {
  const policy: RateLimitPolicy = {
    name: 'minute',
    limit: 10,
    windowSeconds: 60,
    algorithm: 'sliding-window',
  }

  it('admits `limit` per window and weights the previous window by its remaining overlap', async () => {
    const windowStart = 1_700_000_040_000 // a multiple of 60 s
    const { clock, limiter } = setup([policy], windowStart)
    expect(await admitted(limiter, 'k', 12)).toBe(10)
    clock.now = windowStart + 60_000 + 30_000 // half of the previous window still overlaps: 5 counted
    expect(await admitted(limiter, 'k', 12)).toBe(5)
    clock.now = windowStart + 3 * 60_000 // two windows later: all forgotten
    expect(await admitted(limiter, 'k', 12)).toBe(10)
  })

  it('computes Retry-After from when the previous window has faded enough', async () => {
    const windowStart = 1_700_000_040_000
    const { clock, limiter } = setup([policy], windowStart)
    await admitted(limiter, 'k', 10)
    clock.now = windowStart + 60_000 // previous = 10, current = 0: full
    const rejected = await limiter.consume('k')
    // previous × (1 - f) + 1 ≤ 10 once f ≥ 0.1: 6 s into the window
    expect(rejected).toMatchObject({ allowed: false, retryAfterSeconds: 6 })
    clock.now += 6_000
    expect((await limiter.consume('k')).allowed).toBe(true)
  })

  it('rejects a burst option, which only GCRA has', () => {
    expect(() =>
      createRateLimiter({ policies: [{ ...policy, burst: 3 }], store: memoryRateLimitStore() }),
    ).toThrow(/burst/)
  })
})

describe('several policies', () => {
  it('consumes all or nothing: a request refused by one policy counts in none', async () => {
    const { clock, limiter } = setup([
      { name: 'minute', limit: 5, windowSeconds: 60 },
      { name: 'hour', limit: 7, windowSeconds: 3_600, algorithm: 'sliding-window' },
    ])
    expect(await admitted(limiter, 'k', 8)).toBe(5)
    const byMinute = await limiter.consume('k')
    expect(byMinute.allowed).toBe(false)
    expect(byMinute.policies.map((p) => [p.name, p.remaining])).toEqual([
      ['minute', 0],
      ['hour', 2],
    ])
    clock.now += 60_000
    const refusedByHour = await limiter.consume('k', 3)
    expect(refusedByHour.allowed).toBe(false)
    expect(refusedByHour.policies.map((p) => p.remaining)).toEqual([5, 2])
    expect((await limiter.peek('k', 2)).allowed).toBe(true)
    expect(await admitted(limiter, 'k', 5)).toBe(2)
    const final = await limiter.consume('k')
    expect(final.allowed).toBe(false)
    expect(final.policies.map((p) => p.remaining)).toEqual([3, 0])
  })

  it('reports the longest wait among the refusing policies', async () => {
    const { limiter } = setup([
      { name: 'second', limit: 1, windowSeconds: 1 },
      { name: 'minute', limit: 2, windowSeconds: 60 },
    ])
    expect(await admitted(limiter, 'k', 2)).toBe(1)
    expect((await limiter.consume('k')).retryAfterSeconds).toBe(1)
  })

  it('rejects duplicate or malformed policy names and bad costs', async () => {
    const store = memoryRateLimitStore()
    const one = { limit: 1, windowSeconds: 1 }
    expect(() => createRateLimiter({ policies: [], store })).toThrow(RangeError)
    expect(() =>
      createRateLimiter({
        policies: [
          { name: 'a', ...one },
          { name: 'a', ...one },
        ],
        store,
      }),
    ).toThrow(/duplicate/)
    expect(() => createRateLimiter({ policies: [{ name: 'a "b"', ...one }], store })).toThrow(RangeError)
    const limiter = createRateLimiter({ policies: [{ name: 'a', ...one }], store })
    await expect(limiter.consume('k', 0)).rejects.toThrow(RangeError)
    await expect(limiter.consume('k', Number.NaN)).rejects.toThrow(RangeError)
  })
})

describe('Retry-After', () => {
  it('is a whole number of seconds that is never earlier than the real moment of admission', async () => {
    const policyArb = fc.record({
      limit: fc.integer({ min: 1, max: 50 }),
      windowSeconds: fc.integer({ min: 1, max: 120 }),
      algorithm: fc.constantFrom('gcra' as const, 'sliding-window' as const),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(policyArb, { minLength: 1, maxLength: 3 }),
        fc.array(
          fc.record({ gapMs: fc.integer({ min: 0, max: 5_000 }), cost: fc.integer({ min: 1, max: 5 }) }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        async (policies, steps) => {
          const named = policies.map((p, i) => ({ ...p, name: `p${i}` }))
          const { clock, limiter } = setup(named, 1_700_000_000_123)
          for (const step of steps) {
            clock.now += step.gapMs
            const decision = await limiter.consume('k', step.cost)
            if (decision.allowed || decision.retryAfterSeconds === undefined) continue
            const seconds = decision.retryAfterSeconds
            expect(Number.isInteger(seconds) && seconds >= 1).toBe(true)
            const at = clock.now
            clock.now = at + seconds * 1_000
            expect((await limiter.peek('k', step.cost)).allowed).toBe(true)
            clock.now = at + (seconds - 1) * 1_000
            expect((await limiter.peek('k', step.cost)).allowed).toBe(false)
            clock.now = at
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('memory store', () => {
  it('holds at most maxKeys keys', async () => {
    const store = memoryRateLimitStore({ maxKeys: 50 })
    const limiter = createRateLimiter({ policies: [{ name: 'm', limit: 1, windowSeconds: 60 }], store })
    for (let i = 0; i < 1_000; i++) await limiter.consume(`client-${i}`)
    expect(store.size).toBe(50)
    expect((await limiter.consume('client-999')).allowed).toBe(false) // recent keys keep their state
  })

  it('keys unprefixed by default, and apart per explicit prefix', async () => {
    const store = memoryRateLimitStore({ maxKeys: 10 })
    const plain = createRateLimiter({ policies: [{ name: 'm', limit: 3, windowSeconds: 60 }], store })
    const other = createRateLimiter({
      policies: [{ name: 'm', limit: 3, windowSeconds: 60 }],
      store,
      prefix: 'b:',
    })
    await plain.consume('k')
    expect(store.peek('k', plain.plan, 1).policies[0]?.remaining).toBe(2)
    expect((await other.consume('k')).policies[0]?.remaining).toBe(2)
    expect(store.peek('b:k', other.plan, 1).policies[0]?.remaining).toBe(2)
    expect(store.size).toBe(2)
  })

  it('stores nothing for a request it rejects on a fresh key', async () => {
    const store = memoryRateLimitStore({ maxKeys: 10 })
    const limiter = createRateLimiter({ policies: [{ name: 'm', limit: 2, windowSeconds: 60 }], store })
    expect((await limiter.consume('k', 3)).allowed).toBe(false)
    expect(store.size).toBe(0)
  })

  it('blocks a key for a while and forgets it on reset', async () => {
    const { clock, limiter } = setup([{ name: 'm', limit: 100, windowSeconds: 60 }])
    await limiter.block('k', 30)
    const blocked = await limiter.consume('k')
    expect(blocked).toMatchObject({ allowed: false, retryAfterSeconds: 30 })
    expect(blocked.policies[0]).toMatchObject({ remaining: 0, resetSeconds: 30 })
    clock.now += 30_000
    expect((await limiter.consume('k')).allowed).toBe(true)
    await limiter.block('k', 10)
    await limiter.reset('k')
    expect((await limiter.consume('k')).policies[0]?.remaining).toBe(99)
  })
})

describe('store failure', () => {
  const hanging: RateLimitStore = {
    consume: () => new Promise(() => {}),
    peek: () => new Promise(() => {}),
    block: () => new Promise(() => {}),
    reset: () => new Promise(() => {}),
  }
  const policies = [{ name: 'm', limit: 1, windowSeconds: 1 }]

  it('fails open within the store timeout, admitting with storeFailed', async () => {
    const limiter = createRateLimiter({ policies, store: hanging, failure: 'open', storeTimeoutMs: 50 })
    const started = performance.now()
    const decision = await limiter.consume('k')
    expect(performance.now() - started).toBeLessThan(500)
    expect(decision).toMatchObject({ allowed: true, storeFailed: true })
    expect(decision.policies[0]).toMatchObject({ name: 'm', remaining: 1 })
  })

  it('fails closed within the store timeout with StoreUnavailableError', async () => {
    const limiter = createRateLimiter({ policies, store: hanging, failure: 'closed', storeTimeoutMs: 50 })
    const started = performance.now()
    await expect(limiter.consume('k')).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(performance.now() - started).toBeLessThan(500)
  })
})
