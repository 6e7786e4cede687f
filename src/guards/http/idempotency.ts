import type { AnyCatalog } from '../../catalog/define.js'
import type { FaultlineError } from '../../error.js'
import type { IdempotencyGuard } from '../idempotency/engine.js'
import { fingerprintRequest } from '../idempotency/fingerprint.js'
import { type IdempotencyKeyProblem, validateIdempotencyKey } from '../idempotency/key.js'
import type { IdempotencyLease } from '../idempotency/lease.js'
import type { ResponseToStore } from '../idempotency/response-policy.js'
import type { GuardRequest } from './guard-request.js'

export interface IdempotencyFlowOptions<R extends GuardRequest = GuardRequest> {
  readonly guard: IdempotencyGuard
  readonly catalog: AnyCatalog
  /** Methods the key applies to (default POST and PATCH; GET, PUT and DELETE are idempotent already). */
  readonly methods?: readonly string[] | undefined
  /** Refuse requests without a key (400) — per route when a function. Default false. */
  readonly required?: boolean | ((request: R) => boolean) | undefined
  /** Whose key it is (API key, account): keys of different tenants never meet. */
  readonly tenant?: ((request: R) => string | undefined) | undefined
  /** Request headers that belong to the fingerprint besides method, path and body. */
  readonly fingerprintHeaders?: readonly string[] | undefined
  /** Header name; default `idempotency-key`. */
  readonly header?: string | undefined
}

export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed'

/** What an adapter does next. */
export type IdempotencyStep =
  | { readonly kind: 'skip' }
  | {
      readonly kind: 'replay'
      readonly status: number
      readonly headers: ReadonlyArray<readonly [string, string]>
      readonly body: Uint8Array
    }
  | {
      readonly kind: 'proceed'
      /** Stores the response before it is sent (the storage policy decides), then ends the lease. */
      finish(response: ResponseToStore): Promise<void>
      /** Releases the key without storing (the handler threw: the client may retry with the same key). */
      fail(): Promise<void>
    }

const PROBLEM_TEXT: Record<IdempotencyKeyProblem | 'repeated', string> = {
  repeated: 'Idempotency-Key must be sent once',
  missing: 'Idempotency-Key header is required for this request',
  'too-long': 'Idempotency-Key must be at most 255 characters',
  invalid: 'Idempotency-Key must be visible ASCII characters only',
}

function keyError(
  catalog: AnyCatalog,
  header: string,
  reason: IdempotencyKeyProblem | 'repeated',
): FaultlineError {
  const message = PROBLEM_TEXT[reason]
  return catalog.fromRole('validation', {
    message,
    details: { issues: [{ path: ['headers', header], message }] },
  })
}

function proceed(lease: IdempotencyLease): IdempotencyStep {
  const stop = lease.startHeartbeat()
  return {
    kind: 'proceed',
    async finish(response) {
      stop()
      await lease.complete(response)
    },
    async fail() {
      stop()
      await lease.abandon()
    },
  }
}

export interface IdempotencyFlow<R extends GuardRequest = GuardRequest> {
  /**
   * Validates the key and claims it. Throws the catalog's 400 (bad key), 409 IDEMPOTENCY_CONFLICT
   * (in flight, with Retry-After) or 422 IDEMPOTENCY_MISMATCH; a store failure follows the guard's policy.
   */
  begin(request: R, body: unknown): Promise<IdempotencyStep>
}

/**
 * Whether the guard takes part in a request: a covered method with a key, or a route that requires
 * one. Adapters check it before reading a body, so other routes keep any body type.
 */
export function idempotencyApplies<R extends GuardRequest>(
  options: Pick<IdempotencyFlowOptions<R>, 'methods' | 'header' | 'required'>,
): (request: R) => boolean {
  const methods = new Set((options.methods ?? ['POST', 'PATCH']).map((m) => m.toUpperCase()))
  const header = (options.header ?? 'idempotency-key').toLowerCase()
  const required = options.required ?? false
  return (request) => {
    if (!methods.has(request.method.toUpperCase())) return false
    if (request.header(header) !== undefined) return true
    return typeof required === 'function' ? required(request) : required
  }
}

/** The HTTP side of the idempotency guard, shared by every adapter's middleware. */
export function createIdempotencyFlow<R extends GuardRequest>(
  options: IdempotencyFlowOptions<R>,
): IdempotencyFlow<R> {
  const header = (options.header ?? 'idempotency-key').toLowerCase()
  const { guard, catalog, tenant, fingerprintHeaders } = options
  const applies = idempotencyApplies(options)
  return {
    async begin(request, body) {
      if (!applies(request)) return { kind: 'skip' }
      const raw = request.header(header)
      if ((request.headerCount?.(header) ?? 1) > 1) throw keyError(catalog, header, 'repeated')
      const checked = validateIdempotencyKey(raw)
      if (!checked.ok) throw keyError(catalog, header, checked.reason)
      const headers: Record<string, string> = {}
      for (const name of fingerprintHeaders ?? []) {
        const value = request.header(name)
        if (value !== undefined) headers[name] = value
      }
      const fingerprint = fingerprintRequest({
        method: request.method,
        path: request.path,
        body,
        headers,
        includeHeaders: fingerprintHeaders,
      })
      const decision = await guard.begin({
        key: checked.key,
        tenant: tenant?.(request),
        method: request.method,
        path: request.path,
        fingerprint,
      })
      switch (decision.kind) {
        case 'proceed':
          return proceed(decision.lease)
        case 'replay':
          return {
            kind: 'replay',
            status: decision.response.status,
            headers: [...decision.response.headers, [IDEMPOTENT_REPLAYED_HEADER, 'true']],
            body: decision.response.body,
          }
        case 'conflict':
          throw catalog.fromRole('idempotencyConflict', {
            headers: { 'retry-after': String(decision.retryAfterSeconds) },
          })
        case 'mismatch':
          throw catalog.fromRole('idempotencyMismatch')
      }
    },
  }
}
