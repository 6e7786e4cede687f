/** setTimeout fires at once for delays above 2^31-1 ms, so no wait in this folder exceeds it. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647

/**
 * Waits `ms` milliseconds. Rejects at once with the signal's reason when `signal` aborts (or already has),
 * and removes its timer and abort listener either way, so nothing outlives the wait.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal))
  const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS) : 0
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortReason(signal!))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, delay)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError')
}
