/** How often in-flight work is checked for expiry: a timeout fires at most this late. */
export const DEADLINE_TICK_MS = 10

export interface WatchedDeadline {
  readonly expiresAt: number
  readonly onExpire: () => void
}

/**
 * One coarse timer for many timeouts (a client's attempts, the guards' store calls), instead of a
 * setTimeout per operation: on the success path an operation only enters and leaves a Set. The interval
 * runs while operations are in flight, stops after one idle tick, and never keeps the process alive.
 */
export class CoarseDeadlines {
  readonly #pending = new Set<WatchedDeadline>()
  #timer: ReturnType<typeof setInterval> | undefined
  readonly #tickMs: number

  constructor(tickMs: number = DEADLINE_TICK_MS) {
    this.#tickMs = tickMs
  }

  watch(timeoutMs: number, onExpire: () => void): WatchedDeadline {
    const entry = { expiresAt: performance.now() + timeoutMs, onExpire }
    this.#pending.add(entry)
    if (this.#timer === undefined) {
      this.#timer = setInterval(this.#sweep, Math.min(this.#tickMs, Math.max(1, timeoutMs)))
      this.#timer.unref?.()
    }
    return entry
  }

  done(entry: WatchedDeadline): void {
    this.#pending.delete(entry)
  }

  get size(): number {
    return this.#pending.size
  }

  readonly #sweep = (): void => {
    if (this.#pending.size === 0) {
      clearInterval(this.#timer)
      this.#timer = undefined
      return
    }
    const now = performance.now()
    for (const entry of this.#pending) {
      if (now < entry.expiresAt) continue
      this.#pending.delete(entry)
      entry.onExpire()
    }
  }
}
