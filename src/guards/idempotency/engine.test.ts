import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createIdempotencyGuard, scopedIdempotencyKey } from './engine.js'
import { InvalidIdempotencyKeyError } from './key.js'
import { createMemoryIdempotencyStore } from './stores/memory.js'

const request = { key: 'key-1', method: 'POST', path: '/charges', fingerprint: 'fp-1' }

describe('createIdempotencyGuard', () => {
  it('refuses a key that validateIdempotencyKey refuses', async () => {
    const guard = createIdempotencyGuard({ store: createMemoryIdempotencyStore() })
    await expect(guard.begin({ ...request, key: 'bad\nkey' })).rejects.toBeInstanceOf(
      InvalidIdempotencyKeyError,
    )
    await expect(guard.begin({ ...request, key: '' })).rejects.toMatchObject({ reason: 'missing' })
  })

  it('derives the tenant with scope() when the request carries none', async () => {
    const guard = createIdempotencyGuard({
      store: createMemoryIdempotencyStore(),
      scope: (r) => (r.path.startsWith('/a') ? 'tenant-a' : 'tenant-b'),
    })
    const first = await guard.begin({ ...request, path: '/a/charges' })
    expect(first.kind).toBe('proceed')
    if (first.kind === 'proceed')
      expect(first.lease.key).toBe(scopedIdempotencyKey('tenant-a', 'POST', '/a/charges', 'key-1'))
    expect((await guard.begin({ ...request, path: '/a/charges' })).kind).toBe('conflict')
  })

  it('escapes scope parts so different tuples never share a store key', () => {
    expect(scopedIdempotencyKey('a:b', 'POST', '/x', 'k')).not.toBe(
      scopedIdempotencyKey('a', 'POST', 'b:/x', 'k'),
    )
    expect(scopedIdempotencyKey('t', 'post', '/x', 'k')).toBe(scopedIdempotencyKey('t', 'POST', '/x', 'k'))
  })

  it('writes the store keys earlier versions wrote: each part through encodeURIComponent', () => {
    const parts = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', "a-Z_0.9!~*'()", '/a b'),
    )
    fc.assert(
      fc.property(parts, parts, parts, parts, (tenant, method, path, key) => {
        const expected = [tenant, method.toUpperCase(), path, key].map(encodeURIComponent).join(':')
        expect(scopedIdempotencyKey(tenant, method, path, key)).toBe(expected)
      }),
      { numRuns: 300 },
    )
  })

  it('settles a lease once: a second complete or an abandon after complete does nothing', async () => {
    const guard = createIdempotencyGuard({ store: createMemoryIdempotencyStore() })
    const decision = await guard.begin(request)
    if (decision.kind !== 'proceed') throw new Error('expected proceed')
    expect(await decision.lease.complete({ status: 200, body: 'first' })).toEqual({ stored: true })
    expect(await decision.lease.complete({ status: 200, body: 'second' })).toEqual({
      stored: false,
      reason: 'settled',
    })
    expect(await decision.lease.abandon()).toBe(false)
    const replay = await guard.begin(request)
    expect(replay.kind === 'replay' && Buffer.from(replay.response.body).toString()).toBe('first')
  })

  it('tells the heartbeat owner when another request took over the lapsed lease', async () => {
    let offset = 0
    const store = createMemoryIdempotencyStore({ now: () => Date.now() + offset })
    const guard = createIdempotencyGuard({ store, lockTtlMs: 90 })
    const first = await guard.begin(request)
    if (first.kind !== 'proceed') throw new Error('expected proceed')
    const lost = new Promise<void>((resolve) => first.lease.startHeartbeat({ onLost: resolve }))
    offset += 1000
    expect((await guard.begin(request)).kind).toBe('proceed')
    await expect(
      Promise.race([
        lost,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no onLost')), 2000)),
      ]),
    ).resolves.toBeUndefined()
  })

  it('accepts custom storage rules and header allow-lists', async () => {
    const guard = createIdempotencyGuard({
      store: createMemoryIdempotencyStore(),
      shouldStore: (status) => status !== 201,
      replayedHeaders: ['x-resource-version'],
    })
    const created = await guard.begin(request)
    if (created.kind !== 'proceed') throw new Error('expected proceed')
    expect(await created.lease.complete({ status: 201, body: '' })).toEqual({
      stored: false,
      reason: 'policy',
    })
    const again = await guard.begin(request)
    if (again.kind !== 'proceed') throw new Error('expected proceed after a released key')
    await again.lease.complete({
      status: 200,
      headers: { 'X-Resource-Version': '7', 'Content-Type': 'text/plain' },
      body: null,
    })
    const replay = await guard.begin(request)
    expect(replay.kind === 'replay' && replay.response).toEqual({
      status: 200,
      headers: [['x-resource-version', '7']],
      body: new Uint8Array(0),
    })
  })

  it('stores copies: a reused body buffer, a changed replay or a changed header list leave it as it was', async () => {
    const replayedHeaders = ['content-type']
    const guard = createIdempotencyGuard({ store: createMemoryIdempotencyStore(), replayedHeaders })
    replayedHeaders.push('etag') // the guard keeps the list it was given
    const created = await guard.begin(request)
    if (created.kind !== 'proceed') throw new Error('expected proceed')
    const buffer = Buffer.from('{"id":"ch_1"}')
    await created.lease.complete({
      status: 201,
      headers: { 'content-type': 'application/json', etag: '"v1"' },
      body: buffer,
    })
    buffer.fill(0x78) // the caller reuses its buffer for the next response
    const first = await guard.begin(request)
    if (first.kind !== 'replay') throw new Error('expected replay')
    expect(Buffer.from(first.response.body).toString()).toBe('{"id":"ch_1"}')
    expect(first.response.headers).toEqual([['content-type', 'application/json']])
    first.response.body.fill(0x79) // a reader of the replay changes its bytes
    const second = await guard.begin(request)
    expect(second.kind === 'replay' && Buffer.from(second.response.body).toString()).toBe('{"id":"ch_1"}')
  })

  it('rejects nonsensical durations', () => {
    const store = createMemoryIdempotencyStore()
    expect(() => createIdempotencyGuard({ store, lockTtlMs: 0 })).toThrow(RangeError)
    expect(() => createIdempotencyGuard({ store, retentionMs: Number.NaN })).toThrow(RangeError)
  })
})
