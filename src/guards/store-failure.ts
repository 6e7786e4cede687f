/**
 * A store (SQLite, Redis) that fails or is slow must never hang a request or leak a driver's
 * error text: every guard calls its store through `callStore`, which bounds the wait and turns
 * any failure into one `StoreUnavailableError`. The guard then applies its failure policy.
 */
import { CoarseDeadlines } from '../deadlines.js'

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

/** `cause` as the one error a guard reports for a failed store call. */
export function storeUnavailable(operation: string, cause: unknown): StoreUnavailableError {
  return isStoreUnavailable(cause) ? cause : new StoreUnavailableError(operation, { cause })
}

function rethrow(error: StoreUnavailableError): never {
  throw error
}

/**
 * Waits at most `timeoutMs` for a store's answer. A failure or a timeout becomes one
 * `StoreUnavailableError`, handed to `recover`: what it returns settles the result, what it throws
 * rejects it. One promise per call, so a guard on every request pays for no second layer.
 */
export function awaitStore<T>(
  operation: string,
  timeoutMs: number,
  answer: PromiseLike<T>,
  recover: (error: StoreUnavailableError) => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (cause: unknown) => {
      storeDeadlines.done(watched)
      try {
        resolve(recover(storeUnavailable(operation, cause)))
      } catch (error) {
        reject(error)
      }
    }
    const watched = storeDeadlines.watch(timeoutMs, () => fail(new Error('timed out')))
    answer.then((value) => {
      storeDeadlines.done(watched)
      resolve(value)
    }, fail)
  })
}

export function callStore<T>(operation: string, timeoutMs: number, call: () => Promise<T> | T): Promise<T> {
  let answer: Promise<T> | T
  try {
    answer = call()
  } catch (cause) {
    return Promise.reject(storeUnavailable(operation, cause))
  }
  return awaitStore(operation, timeoutMs, Promise.resolve(answer), rethrow)
}

/**
 * Store calls share one coarse timer (a timeout fires up to `DEADLINE_TICK_MS` late) instead of a
 * setTimeout, a Promise.race and a clearTimeout per guarded request.
 */
const storeDeadlines = new CoarseDeadlines()
