/** How often a client checks its in-flight attempts for expiry: a timeout fires at most this late. */
export const DEADLINE_TICK_MS = 10

export interface WatchedAttempt {
  readonly expiresAt: number
  readonly onExpire: () => void
}

/**
 * One coarse timer per client for every attempt's timeout, instead of a setTimeout per request: on the
 * success path an attempt only enters and leaves a Set. The interval runs while attempts are in flight,
 * stops after one idle tick, and never keeps the process alive.
 */
export class AttemptDeadlines {
  readonly #pending = new Set<WatchedAttempt>()
  #timer: ReturnType<typeof setInterval> | undefined
  readonly #tickMs: number

  constructor(tickMs: number = DEADLINE_TICK_MS) {
    this.#tickMs = tickMs
  }

  watch(timeoutMs: number, onExpire: () => void): WatchedAttempt {
    const entry = { expiresAt: performance.now() + timeoutMs, onExpire }
    this.#pending.add(entry)
    if (this.#timer === undefined) {
      this.#timer = setInterval(this.#sweep, Math.min(this.#tickMs, Math.max(1, timeoutMs)))
      this.#timer.unref?.()
    }
    return entry
  }

  done(entry: WatchedAttempt): void {
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
