/**
 * A store (SQLite, Redis) that fails or is slow must never hang a request or leak a driver's
 * error text: every guard calls its store through `callStore`, which bounds the wait and turns
 * any failure into one `StoreUnavailableError`. The guard then applies its failure policy.
 */

/** `open`: let the request through when the store is down. `closed`: answer 503 SERVICE_UNAVAILABLE. */
export type FailurePolicy = 'open' | 'closed'

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
  readonly operation: string

  constructor(operation: string, options?: { cause?: unknown }) {
    super(`store unavailable during ${operation}`, options)
    this.operation = operation
  }
}

export function isStoreUnavailable(value: unknown): value is StoreUnavailableError {
  return value instanceof Error && value.name === 'StoreUnavailableError'
}

/** Default bound on one store call: long enough for a loaded Redis, short enough to keep p99 sane. */
export const DEFAULT_STORE_TIMEOUT_MS = 250

export async function callStore<T>(
  operation: string,
  timeoutMs: number,
  call: () => Promise<T> | T,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(operation, { cause: new Error('timed out') })),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([Promise.resolve().then(call), timeout])
  } catch (cause) {
    if (isStoreUnavailable(cause)) throw cause
    throw new StoreUnavailableError(operation, { cause })
  } finally {
    clearTimeout(timer)
  }
}
