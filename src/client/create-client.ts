import type { CatalogApi, CodeOf, SchemaMap } from '../catalog/define.js'
import { CoarseDeadlines } from '../deadlines.js'
import type { ErrorFormat, FormatName } from '../formats/index.js'
import { type AttemptEnvironment, type AttemptRequest, type AttemptResult, runAttempt } from './attempt.js'
import type { APIError } from './errors/api-error.js'
import { APIUserAbortError } from './errors/api-user-abort-error.js'
import { IDEMPOTENCY_KEY_HEADER, type IdempotencyKeyMode, idempotencyKeyFor } from './idempotency-key.js'
import { type APIErrorOf, isCatalogError, isErrorCode } from './is-error-code.js'
import { type ParseErrorOptions, parseError } from './parse-error.js'
import { encodeBody } from './request-body.js'
import { normalizeBaseUrl, type Query, requestUrl } from './request-url.js'
import {
  createRetryBudget,
  decideRetry,
  type RetryBudget,
  type RetryPolicy,
  type RetryPolicyInput,
  type RetryReason,
  resolvePolicy,
  sleep,
} from './retry/index.js'

/** Sent on every retry: the retry's number (1 on the first retry, 2 on the second...). Never on the first attempt. */
export const RETRY_ATTEMPT_HEADER = 'x-retry-attempt'

export const DEFAULT_TIMEOUT_MS = 60_000

export interface RetryEvent {
  /** The attempt that just failed: 1 for the first request. */
  readonly attempt: number
  /** How long the client waits before the next attempt. */
  readonly delayMs: number
  readonly error: APIError
  readonly reason: RetryReason
}

export interface ClientOptions<S = SchemaMap> {
  readonly baseUrl: string | URL
  /** The API's catalog: narrows `client.isError` and supplies each code's retry guidance. */
  readonly catalog?: CatalogApi<S>
  /** The API's envelope shape, tried before auto-detection. */
  readonly format?: FormatName | ErrorFormat
  /** Retry policy (defaults: 6 attempts, 60 s deadline, 1-2-4-8-16 s full-jitter backoff); `false`: one attempt. */
  readonly retry?: RetryPolicyInput | false
  /** Time for each attempt, response body included. Default 60 s; Infinity for none. */
  readonly timeoutMs?: number
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>
  readonly fetch?: typeof fetch
  /** Called before each backoff; a throwing hook is ignored so it can never change the outcome. */
  readonly onRetry?: (event: RetryEvent) => void
  /** `auto`: POST/PATCH get a generated Idempotency-Key (so they can be retried). Default `off`. */
  readonly idempotencyKeys?: IdempotencyKeyMode
  /** The most of an error body the client reads; default 256 KiB. */
  readonly maxErrorBodyBytes?: number
}

export interface RequestOptions {
  /** JSON-serialized once (unless a string, bytes, Blob, FormData or URLSearchParams). */
  readonly body?: unknown
  readonly query?: Query
  readonly headers?: Readonly<Record<string, string>>
  readonly idempotencyKey?: string
  /** Aborts the request in flight and any backoff wait, with APIUserAbortError. */
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
}

export interface Client<S = SchemaMap> {
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>
  get<T = unknown>(path: string, options?: RequestOptions): Promise<T>
  post<T = unknown>(path: string, options?: RequestOptions): Promise<T>
  put<T = unknown>(path: string, options?: RequestOptions): Promise<T>
  patch<T = unknown>(path: string, options?: RequestOptions): Promise<T>
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<T>
  /** Whether `error` carries catalog code `code`; narrows `code` and `details`. */
  isError<K extends CodeOf<S>>(error: unknown, code: K): error is APIErrorOf<S, K>
  /** Whether `error` carries any code of the catalog. */
  isError(error: unknown): error is APIErrorOf<S>
  /** Parses an error response the way the client does (same catalog, format and cap). */
  parseError(response: Response | { status: number; headers?: unknown; body: unknown }): Promise<APIError>
  readonly policy: RetryPolicy
  /** This client's retry budget (shared by all its requests); undefined when the policy turns it off. */
  readonly retryBudget: RetryBudget | undefined
}

/**
 * A fetch client that turns every error response into a typed APIError and retries as the server and the
 * catalog say. The success path does no retry work: the policy, budget and backoff are consulted only
 * after an attempt fails.
 */
export function createClient<S = SchemaMap>(options: ClientOptions<S>): Client<S> {
  const base = normalizeBaseUrl(options.baseUrl)
  const policy = resolvePolicy(options.retry === false ? { maxAttempts: 1 } : options.retry)
  const budget = createRetryBudget(policy)
  const catalog = options.catalog
  const parseOptions: ParseErrorOptions = {
    catalog,
    format: options.format,
    maxBodyBytes: options.maxErrorBodyBytes,
  }
  const env: AttemptEnvironment = {
    fetch: options.fetch ?? globalThis.fetch,
    deadlines: new CoarseDeadlines(),
    parseOptions,
  }
  const defaultHeaders: Readonly<Record<string, string>> = Object.freeze(
    lowercaseKeys({ accept: 'application/json', ...options.headers }),
  )
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const keyMode = options.idempotencyKeys ?? 'off'
  const onRetry = options.onRetry

  async function request<T>(method: string, path: string, init: RequestOptions = {}): Promise<T> {
    const verb = method.toUpperCase()
    const url = requestUrl(base, path, init.query)
    const encoded = encodeBody(init.body)
    const key = idempotencyKeyFor(verb, init.idempotencyKey, keyMode, policy.keyedMethods)
    // The shared defaults go out as they are unless this request adds to them (fetch never mutates them).
    let headers = defaultHeaders
    if (init.headers !== undefined || encoded.contentType !== undefined || key !== undefined) {
      const own = init.headers ? { ...defaultHeaders, ...lowercaseKeys(init.headers) } : { ...defaultHeaders }
      if (encoded.contentType !== undefined && own['content-type'] === undefined) {
        own['content-type'] = encoded.contentType
      }
      if (key !== undefined) own[IDEMPOTENCY_KEY_HEADER] = key
      headers = own
    }
    const timeoutMs = Math.min(init.timeoutMs ?? defaultTimeout, policy.deadlineMs)
    const started = Date.now()
    const attempt: AttemptRequest = {
      url,
      method: verb,
      headers,
      body: encoded.body,
      timeoutMs,
      signal: init.signal,
    }
    const first = await runAttempt(env, attempt)
    if (first.ok) {
      budget?.recordSuccess()
      return first.value as T
    }
    if (!encoded.replayable) throw first.error
    return (await retryAfterFailure(first, attempt, key !== undefined, started)) as T
  }

  /** The failure path: everything here runs only once an attempt has failed. Resolves with a later success. */
  async function retryAfterFailure(
    first: AttemptResult,
    request: AttemptRequest,
    hasIdempotencyKey: boolean,
    started: number,
  ): Promise<unknown> {
    const headers = { ...request.headers }
    const signal = request.signal
    let failed = first
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      if (failed.ok) return failed.value
      const decision = decideRetry(
        {
          attempt,
          method: request.method,
          hasIdempotencyKey,
          elapsedMs: Date.now() - started,
          kind: failed.kind,
          status: failed.kind === 'response' ? failed.error.status : undefined,
          headers: failed.kind === 'response' ? failed.headers : undefined,
          guidance: guidanceFor(failed.error),
        },
        policy,
        budget,
      )
      if (!decision.retry) {
        if (decision.retryAfterMs !== undefined && failed.error.retryAfter === undefined) {
          ;(failed.error as { retryAfter: number | undefined }).retryAfter = decision.retryAfterMs / 1000
        }
        throw failed.error
      }
      notify(onRetry, { attempt, delayMs: decision.delayMs, error: failed.error, reason: decision.reason })
      try {
        await sleep(decision.delayMs, signal)
      } catch (reason) {
        throw new APIUserAbortError(reason)
      }
      headers[RETRY_ATTEMPT_HEADER] = String(attempt)
      const left = policy.deadlineMs - (Date.now() - started)
      failed = await runAttempt(env, {
        ...request,
        headers,
        timeoutMs: Math.max(1, Math.min(request.timeoutMs, left)),
      })
      if (failed.ok) {
        budget?.recordSuccess()
        return failed.value
      }
    }
    // decideRetry stops at maxAttempts, so this is reached only if the policy changed under us.
    throw (failed as { error: APIError }).error
  }

  function guidanceFor(error: APIError) {
    return error.code !== undefined && catalog !== undefined ? catalog.entry(error.code)?.retry : undefined
  }

  function isError(error: unknown, code?: string): boolean {
    if (catalog === undefined) return false
    return code === undefined
      ? isCatalogError(error, catalog)
      : isErrorCode(error, catalog, code as CodeOf<S>)
  }

  return {
    request,
    get: (path, init) => request('GET', path, init),
    post: (path, init) => request('POST', path, init),
    put: (path, init) => request('PUT', path, init),
    patch: (path, init) => request('PATCH', path, init),
    delete: (path, init) => request('DELETE', path, init),
    isError: isError as Client<S>['isError'],
    parseError: (response) => parseError(response as Response, parseOptions),
    policy,
    retryBudget: budget,
  }
}

function notify(onRetry: ((event: RetryEvent) => void) | undefined, event: RetryEvent): void {
  if (onRetry === undefined) return
  try {
    onRetry(event)
  } catch {
    // A logging hook must not turn a retry into a different failure.
  }
}

function lowercaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of Object.keys(headers)) out[name.toLowerCase()] = headers[name]!
  return out
}
