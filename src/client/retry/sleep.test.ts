import { getEventListeners } from 'node:events'
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

  it('removes its abort listener once the wait is over, and after an abort', async () => {
    const controller = new AbortController()
    const waiting = sleep(5, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    await waiting
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
    const aborted = new AbortController()
    const cancelled = sleep(10_000, aborted.signal)
    aborted.abort()
    await expect(cancelled).rejects.toBeDefined()
    expect(getEventListeners(aborted.signal, 'abort')).toHaveLength(0)
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
