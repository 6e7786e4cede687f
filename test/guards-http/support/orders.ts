import { standardCatalog } from '../../../src/index.js'

/**
 * The work behind `POST /orders`, the same on every adapter: it counts its executions per key (the
 * effect idempotency must not repeat) and fails in the ways a real handler fails, on request.
 */

export interface OrderInput {
  readonly name?: string
  /** Keeps the request in flight this long (ms), so a concurrent retry meets the running lease. */
  readonly delayMs?: number
  /** `validation`: a 400 (never took effect); `notFound`: a 404 (a final answer, stored). */
  readonly fail?: 'validation' | 'notFound'
}

export interface OrderAnswer {
  readonly status: number
  readonly location: string
  readonly body: { readonly order: number; readonly name: string; readonly at: number }
}

export class OrderBook {
  readonly executions = new Map<string, number>()
  #next = 0

  count(key: string | undefined): number {
    return this.executions.get(key ?? '') ?? 0
  }

  /** Executions of every key together. */
  total(): number {
    let sum = 0
    for (const n of this.executions.values()) sum += n
    return sum
  }

  record(key: string | undefined): void {
    this.executions.set(key ?? '', this.count(key) + 1)
  }

  async create(key: string | undefined, input: unknown): Promise<OrderAnswer> {
    const body = (input ?? {}) as OrderInput
    const delayMs = Math.min(2_000, Number(body.delayMs) || 0)
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
    this.record(key)
    if (body.fail === 'validation') {
      throw standardCatalog.fromRole('validation', {
        message: 'name is required',
        details: { issues: [{ path: ['body', 'name'], message: 'Required' }] },
      })
    }
    if (body.fail === 'notFound') throw standardCatalog.fromRole('notFound', { message: 'No such customer' })
    this.#next++
    // `at` differs on every execution, so a replay that re-ran the handler could not match byte for byte.
    return {
      status: 201,
      location: `/orders/${this.#next}`,
      body: { order: this.#next, name: String(body.name ?? ''), at: performance.now() },
    }
  }
}

/** The streamed route's two chunks; the response is written in parts, so it is never stored. */
export const STREAM_CHUNKS = ['{"part":1}\n', '{"part":2}\n'] as const
