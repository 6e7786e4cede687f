import { expect, it } from 'vitest'
import { createIdempotencyGuard, type IdempotencyDecision, type IdempotencyGuardOptions } from '../engine.js'
import { fingerprintRequest } from '../fingerprint.js'
import type { IdempotencyLease } from '../lease.js'
import { StreamingResponseNotStorableError } from '../response-policy.js'
import type { IdempotencyStore } from '../store.js'

/**
 * The behaviour every idempotency store must show, run against each store by its own test file.
 * `pass(ms)` lets lease and retention time go by: a moved clock for memory and SQLite, a real wait
 * for Redis (whose clock is the server's).
 */
export interface StoreHarness {
  readonly store: IdempotencyStore
  /** The same records seen through a fresh handle: a reopened SQLite file, a new Redis connection. */
  readonly reopen?: (() => Promise<IdempotencyStore>) | undefined
  pass(ms: number): Promise<void>
}

export const LOCK_TTL_MS = 400

const request = (key: string, body: unknown = { amount: 100, currency: 'eur' }) => ({
  key,
  tenant: 'acct_1',
  method: 'POST',
  path: '/payments',
  fingerprint: fingerprintRequest({ method: 'POST', path: '/payments', body }),
})

const BINARY_BODY = Uint8Array.from([0x7b, 0x00, 0xff, 0xfe, 0x0a, 0x0d, 0x80, 0x7d])

function expectKind<K extends IdempotencyDecision['kind']>(
  decision: IdempotencyDecision,
  kind: K,
): Extract<IdempotencyDecision, { kind: K }> {
  expect(decision.kind).toBe(kind)
  return decision as Extract<IdempotencyDecision, { kind: K }>
}

let keySequence = 0
const freshKey = (label: string) => `${label}-${process.pid}-${Date.now()}-${++keySequence}`

export function idempotencyStoreContract(
  setup: () => Promise<StoreHarness>,
  durability: { durable: boolean },
): void {
  const guardFor = (harness: StoreHarness, options: Partial<IdempotencyGuardOptions> = {}) =>
    createIdempotencyGuard({ store: harness.store, lockTtlMs: LOCK_TTL_MS, storeTimeoutMs: 2000, ...options })

  it('proceeds once, then replays status, allow-listed headers and binary body byte for byte', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('replay')
    const first = expectKind(await guard.begin(request(key)), 'proceed')
    expect(first.unprotected).toBe(false)
    const outcome = await first.lease.complete({
      status: 201,
      headers: {
        'Content-Type': 'application/octet-stream',
        Location: '/payments/p_1',
        'Set-Cookie': 'a=b',
        Date: 'x',
      },
      body: BINARY_BODY,
    })
    expect(outcome).toEqual({ stored: true })
    const replay = expectKind(await guard.begin(request(key)), 'replay')
    expect(replay.response.status).toBe(201)
    expect(replay.response.headers).toEqual([
      ['content-type', 'application/octet-stream'],
      ['location', '/payments/p_1'],
    ])
    expect(Buffer.from(replay.response.body).equals(Buffer.from(BINARY_BODY))).toBe(true)
  })

  it('answers conflict with the remaining lease rounded up while the first request runs', async () => {
    const harness = await setup()
    const guard = guardFor(harness, { lockTtlMs: 2500 })
    const key = freshKey('conflict')
    expectKind(await guard.begin(request(key)), 'proceed')
    const conflict = expectKind(await guard.begin(request(key)), 'conflict')
    expect(conflict.code).toBe('IDEMPOTENCY_CONFLICT')
    expect(conflict.status).toBe(409)
    expect(conflict.retryAfterSeconds).toBe(3)
  })

  it('answers mismatch when the key is reused with another payload, running or done', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('mismatch')
    const first = expectKind(await guard.begin(request(key, { amount: 100 })), 'proceed')
    const whileRunning = expectKind(await guard.begin(request(key, { amount: 999 })), 'mismatch')
    expect(whileRunning).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', status: 422 })
    await first.lease.complete({ status: 200, body: '{}' })
    expectKind(await guard.begin(request(key, { amount: 999 })), 'mismatch')
    expectKind(await guard.begin(request(key, { amount: 100 })), 'replay')
  })

  it('scopes a key by tenant, method and path', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('scope')
    expectKind(await guard.begin(request(key)), 'proceed')
    expectKind(await guard.begin({ ...request(key), tenant: 'acct_2' }), 'proceed')
    expectKind(await guard.begin({ ...request(key), path: '/refunds' }), 'proceed')
    expectKind(await guard.begin({ ...request(key), method: 'PUT' }), 'proceed')
  })

  it('lets the same key proceed once an unrenewed lease expires, and the stale holder cannot store', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('expiry')
    const stale = expectKind(await guard.begin(request(key)), 'proceed')
    await harness.pass(LOCK_TTL_MS + 150)
    const fresh = expectKind(await guard.begin(request(key)), 'proceed')
    expect(await stale.lease.complete({ status: 200, body: 'stale' })).toEqual({
      stored: false,
      reason: 'lease-lost',
    })
    expect(await stale.lease.heartbeat()).toBe(false)
    await fresh.lease.complete({ status: 200, body: 'fresh' })
    const replay = expectKind(await guard.begin(request(key)), 'replay')
    expect(Buffer.from(replay.response.body).toString()).toBe('fresh')
  })

  it('keeps the key locked past the lease while heartbeats extend it', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('heartbeat')
    const held = expectKind(await guard.begin(request(key)), 'proceed')
    for (let beat = 0; beat < 4; beat++) {
      await harness.pass(LOCK_TTL_MS / 2)
      expect(await held.lease.heartbeat()).toBe(true)
    }
    expectKind(await guard.begin(request(key)), 'conflict')
  })

  it('startHeartbeat beats every lockTtl/3 on its own and stops when told', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('auto-heartbeat')
    const held = expectKind(await guard.begin(request(key)), 'proceed')
    const stop = held.lease.startHeartbeat()
    await new Promise((resolve) => setTimeout(resolve, LOCK_TTL_MS * 2.5))
    expectKind(await guard.begin(request(key)), 'conflict')
    stop()
    await harness.pass(LOCK_TTL_MS + 150)
    expectKind(await guard.begin(request(key)), 'proceed')
  })

  it('abandon releases the key at once', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('abandon')
    const first = expectKind(await guard.begin(request(key)), 'proceed')
    expect(await first.lease.abandon()).toBe(true)
    expectKind(await guard.begin(request(key)), 'proceed')
  })

  it('does not store 5xx or validation failures: the key is released for a retry', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    for (const status of [500, 503, 400, 409, 422, 429]) {
      const key = freshKey(`status-${status}`)
      const first = expectKind(await guard.begin(request(key)), 'proceed')
      expect(await first.lease.complete({ status, body: 'no' })).toEqual({ stored: false, reason: 'policy' })
      expectKind(await guard.begin(request(key)), 'proceed')
    }
    const key = freshKey('status-404')
    const first = expectKind(await guard.begin(request(key)), 'proceed')
    expect(await first.lease.complete({ status: 404, body: 'gone' })).toEqual({ stored: true })
    expectKind(await guard.begin(request(key)), 'replay')
  })

  it('refuses to store a streamed body and keeps the lease', async () => {
    const harness = await setup()
    const guard = guardFor(harness)
    const key = freshKey('stream')
    const first = expectKind(await guard.begin(request(key)), 'proceed')
    await expect(first.lease.complete({ status: 200, body: null, streaming: true })).rejects.toBeInstanceOf(
      StreamingResponseNotStorableError,
    )
    const stream = new ReadableStream() as unknown as Uint8Array
    await expect(first.lease.complete({ status: 200, body: stream })).rejects.toBeInstanceOf(
      StreamingResponseNotStorableError,
    )
    expectKind(await guard.begin(request(key)), 'conflict')
  })

  it('forgets a completed response after the retention period', async () => {
    const harness = await setup()
    const guard = guardFor(harness, { retentionMs: 600 })
    const key = freshKey('retention')
    const first = expectKind(await guard.begin(request(key)), 'proceed')
    await first.lease.complete({ status: 200, body: 'ok' })
    expectKind(await guard.begin(request(key)), 'replay')
    await harness.pass(750)
    expectKind(await guard.begin(request(key)), 'proceed')
  })

  it('gives exactly one of 50 concurrent begin() calls the lease, then replays to all 50', async () => {
    const harness = await setup()
    const guard = guardFor(harness, { lockTtlMs: 5000 })
    const key = freshKey('concurrent')
    const decisions = await Promise.all(Array.from({ length: 50 }, () => guard.begin(request(key))))
    const proceeds = decisions.filter((d) => d.kind === 'proceed')
    expect(proceeds).toHaveLength(1)
    expect(decisions.filter((d) => d.kind === 'conflict')).toHaveLength(49)
    await (proceeds[0] as { lease: IdempotencyLease }).lease.complete({ status: 201, body: 'once' })
    const replays = await Promise.all(Array.from({ length: 50 }, () => guard.begin(request(key))))
    expect(replays.every((d) => d.kind === 'replay')).toBe(true)
  })

  if (!durability.durable) return
  it('replays the stored response through a fresh handle on the same records', async () => {
    const harness = await setup()
    if (harness.reopen === undefined) throw new Error('this harness must provide reopen()')
    const guard = guardFor(harness)
    const key = freshKey('reopen')
    const first = expectKind(await guard.begin(request(key)), 'proceed')
    await first.lease.complete({
      status: 201,
      headers: [['content-type', 'application/json']],
      body: BINARY_BODY,
    })
    const reopened = createIdempotencyGuard({ store: await harness.reopen(), lockTtlMs: LOCK_TTL_MS })
    const replay = expectKind(await reopened.begin(request(key)), 'replay')
    expect(replay.response.status).toBe(201)
    expect(replay.response.headers).toEqual([['content-type', 'application/json']])
    expect(Buffer.from(replay.response.body).equals(Buffer.from(BINARY_BODY))).toBe(true)
  })
}
