import { describe, expect, it } from 'vitest'
import { standardCatalog } from '../catalog/define.js'
import { normalize } from '../normalize.js'
import { ClientGoneError, DeadlineExceededError, withDeadline } from './timeout.js'

describe('withDeadline', () => {
  it('returns the work result inside the budget', async () => {
    await expect(withDeadline(200, async () => 42)).resolves.toBe(42)
  })

  it('rejects at the deadline, aborts the work signal, and normalizes to 504', async () => {
    let seen: AbortSignal | undefined
    const started = Date.now()
    const failure = await withDeadline(50, (signal) => {
      seen = signal
      return new Promise(() => {})
    }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(DeadlineExceededError)
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(seen?.aborted).toBe(true)
    expect(normalize(failure, standardCatalog).status).toBe(504)
  })

  it('throws the catalog error given by onExpire (e.g. CHAT_TIMEOUT)', async () => {
    const catalog = standardCatalog.extend({
      CHAT_TIMEOUT: { status: 504, message: 'The AI response took too long' },
    })
    const failure = await withDeadline(20, () => new Promise(() => {}), {
      onExpire: () => catalog.CHAT_TIMEOUT(),
    }).catch((e: unknown) => e)
    expect(normalize(failure, catalog).code).toBe('CHAT_TIMEOUT')
  })

  it('rejects with ClientGoneError (499) when the client leaves, and aborts the work', async () => {
    const client = new AbortController()
    let seen: AbortSignal | undefined
    const pending = withDeadline(
      5_000,
      (signal) => {
        seen = signal
        return new Promise(() => {})
      },
      { signal: client.signal },
    ).catch((e: unknown) => e)
    client.abort()
    const failure = await pending
    expect(failure).toBeInstanceOf(ClientGoneError)
    expect(seen?.aborted).toBe(true)
    expect(normalize(failure, standardCatalog).status).toBe(499)
  })

  it('rejects at once when the client already left', async () => {
    const client = new AbortController()
    client.abort()
    let ran = false
    await expect(
      withDeadline(
        1000,
        async () => {
          ran = true
        },
        { signal: client.signal },
      ),
    ).rejects.toBeInstanceOf(ClientGoneError)
    expect(ran).toBe(false)
  })
})
