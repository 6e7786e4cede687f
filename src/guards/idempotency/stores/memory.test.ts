import { describe, expect, it } from 'vitest'
import { idempotencyStoreContract } from '../testing/store-contract.js'
import { createMemoryIdempotencyStore } from './memory.js'

/** A clock that runs with real time and can be pushed forward. */
function movableClock() {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    pass: async (ms: number) => {
      offset += ms
    },
  }
}

describe('memory idempotency store', () => {
  idempotencyStoreContract(
    async () => {
      const clock = movableClock()
      return { store: createMemoryIdempotencyStore({ now: clock.now }), pass: clock.pass }
    },
    { durable: false },
  )

  it('evicts the oldest record once it holds maxEntries', async () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 2 })
    for (const key of ['a', 'b', 'c']) {
      expect(await store.claim({ key, fingerprint: 'f', token: key, leaseMs: 60_000 })).toEqual({
        kind: 'claimed',
      })
    }
    expect(await store.claim({ key: 'a', fingerprint: 'f', token: 'a2', leaseMs: 60_000 })).toEqual({
      kind: 'claimed',
    })
    expect((await store.claim({ key: 'c', fingerprint: 'f', token: 'c2', leaseMs: 60_000 })).kind).toBe(
      'running',
    )
  })
})
