import { describe, expect, it } from 'vitest'
import { CoarseDeadlines } from './deadlines.js'

describe('CoarseDeadlines', () => {
  it('fires an expired attempt within one tick and never one that finished', async () => {
    const deadlines = new CoarseDeadlines(10)
    const fired: string[] = []
    const started = performance.now()
    let firedAfter = 0
    deadlines.watch(40, () => {
      fired.push('slow')
      firedAfter = performance.now() - started
    })
    const fast = deadlines.watch(40, () => fired.push('fast'))
    deadlines.done(fast)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(fired).toEqual(['slow'])
    expect(firedAfter).toBeGreaterThanOrEqual(39)
    expect(firedAfter).toBeLessThan(100)
    expect(deadlines.size).toBe(0)
  })
})
