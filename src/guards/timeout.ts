/**
 * A time budget for a handler's work. The work receives an AbortSignal that fires when the budget
 * runs out (so it stops: a model call, a query) or when the client goes away (so nothing partial is
 * saved). The caller learns which one happened from the rejection.
 */

export class DeadlineExceededError extends Error {
  override readonly name = 'TimeoutError'
  readonly budgetMs: number

  constructor(budgetMs: number) {
    super(`work exceeded its ${budgetMs} ms budget`)
    this.budgetMs = budgetMs
  }
}

export class ClientGoneError extends Error {
  override readonly name = 'AbortError'

  constructor() {
    super('the client closed the request')
  }
}

export interface DeadlineOptions {
  /** Aborts when the client disconnects (the request's own signal). */
  readonly signal?: AbortSignal | undefined
  /** What to throw when the budget runs out; default a `DeadlineExceededError` (normalized to 504). */
  readonly onExpire?: (() => unknown) | undefined
}

/**
 * Runs `work` with a budget of `ms`. Rejects with `onExpire()` (or DeadlineExceededError) at the deadline,
 * and with ClientGoneError (normalized to 499) when `signal` aborts first; in both cases the work's signal
 * aborts so the work can stop, and the work's own late result is ignored.
 */
export async function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T> | T,
  options: DeadlineOptions = {},
): Promise<T> {
  const controller = new AbortController()
  const parent = options.signal
  if (parent?.aborted) throw new ClientGoneError()
  let timer: NodeJS.Timeout | undefined
  let onParentAbort: (() => void) | undefined
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const failure = options.onExpire ? options.onExpire() : new DeadlineExceededError(ms)
      controller.abort(new DeadlineExceededError(ms))
      reject(failure)
    }, ms)
    if (parent) {
      onParentAbort = () => {
        controller.abort(new ClientGoneError())
        reject(new ClientGoneError())
      }
      parent.addEventListener('abort', onParentAbort, { once: true })
    }
  })
  try {
    return await Promise.race([Promise.resolve().then(() => work(controller.signal)), stop])
  } finally {
    clearTimeout(timer)
    if (parent && onParentAbort) parent.removeEventListener('abort', onParentAbort)
  }
}
