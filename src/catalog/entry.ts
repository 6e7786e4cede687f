import type { RetryGuidance, RetryInput } from './retry.js'
import type { ErrorRole } from './roles.js'
import type { DetailsSchema, InferDetailsOutput } from './schema.js'

/** What a user writes for one code. Only `status` is required; everything else has a sensible default. */
export interface ErrorEntry<S extends DetailsSchema | undefined = DetailsSchema | undefined> {
  /** HTTP status (400–599). */
  readonly status: number
  /** Client-facing message: fixed text, or a function of `details` (a plan-limit message naming the limit). */
  readonly message?: string | ((details: DetailsValue<S>) => string)
  /** Stable short title (RFC 9457 `title`); defaults to the fixed message or the description. */
  readonly title?: string
  /** What the code means, for the docs page. */
  readonly description?: string
  /** What the caller should do, for the docs page. */
  readonly resolution?: string
  /** Docs section, e.g. "Authentication Errors". */
  readonly group?: string
  /** Retry guidance; defaults from the status (429 → retry-after, 5xx → backoff, other 4xx → never). */
  readonly retry?: RetryInput
  /** Schema of `details` (any Standard Schema: Zod 4, Valibot, ArkType). */
  readonly details?: S
  /** JSON Schema of `details` for schema libraries that cannot produce one themselves. */
  readonly detailsJsonSchema?: Readonly<Record<string, unknown>>
  /** Whether the message reaches the client; default true below 500, false from 500. */
  readonly expose?: boolean
  /** Headers sent with every error of this code. */
  readonly headers?: Readonly<Record<string, string>>
  /** Deprecated codes stay in the contract; a string says what to use instead. */
  readonly deprecated?: boolean | string
  /** The standard role this code plays (normalization, not-found handler...), when its name does not say so. */
  readonly role?: ErrorRole
}

export type DetailsValue<S> = S extends DetailsSchema ? InferDetailsOutput<S> : undefined

/** An entry after defaults are applied: what every consumer (server, client, docs) reads. */
export interface ResolvedEntry<C extends string = string> {
  readonly code: C
  readonly status: number
  readonly title: string
  /** Fixed text used when no message function applies, and whenever a message is not exposed. */
  readonly defaultMessage: string
  readonly messageFor: ((details: any) => string) | undefined
  readonly description: string | undefined
  readonly resolution: string | undefined
  readonly group: string | undefined
  readonly retry: RetryGuidance
  readonly details: DetailsSchema | undefined
  readonly detailsJsonSchema: Readonly<Record<string, unknown>> | undefined
  readonly expose: boolean
  readonly headers: Readonly<Record<string, string>> | undefined
  readonly deprecated: boolean | string
  readonly role: ErrorRole | undefined
}
