import { describe, expect, it } from 'vitest'
import { sleep } from './sleep.js'

describe('sleep', () => {
  it('resolves after about the requested time', async () => {
    const started = performance.now()
    await sleep(40)
    expect(performance.now() - started).toBeGreaterThanOrEqual(35)
  })

  it('rejects within 50 ms of an abort, with the abort reason, during a long wait', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const waiting = sleep(10_000, controller.signal)
    setTimeout(() => controller.abort(new Error('user cancelled')), 20)
    await expect(waiting).rejects.toThrow('user cancelled')
    const took = performance.now() - started
    expect(took).toBeLessThan(20 + 50)
  })

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(sleep(10_000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('removes its abort listener once the wait is over', async () => {
    const controller = new AbortController()
    const added: unknown[] = []
    const removed: unknown[] = []
    const signal = controller.signal
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
      added.push(listener)
      add(type, listener, options)
    }) as typeof signal.addEventListener
    signal.removeEventListener = ((type: string, listener: EventListener) => {
      removed.push(listener)
      remove(type, listener)
    }) as typeof signal.removeEventListener
    await sleep(5, signal)
    expect(added).toHaveLength(1)
    expect(removed).toEqual(added)
  })

  it('clears its timer on abort so nothing keeps the process alive', async () => {
    const controller = new AbortController()
    const waiting = sleep(60_000, controller.signal)
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    controller.abort()
    await expect(waiting).rejects.toBeDefined()
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    expect(after).toBe(before - 1)
  })

  it('treats negative and non-finite waits as zero', async () => {
    const started = performance.now()
    await sleep(-5)
    await sleep(Number.NaN)
    expect(performance.now() - started).toBeLessThan(50)
  })
})
