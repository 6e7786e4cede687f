import { constructError, type FaultlineError, isFaultlineError } from '../error.js'
import { statusText } from '../status-text.js'
import type { ErrorEntry, ResolvedEntry } from './entry.js'
import { type CodeNaming, catalogNaming, inNaming } from './naming.js'
import { resolveRetry } from './retry.js'
import { type ErrorRole, ROLE_NAMES, ROLES, roleForStatus } from './roles.js'
import {
  type DetailsSchema,
  type InferDetailsInput,
  type InferDetailsOutput,
  validateSync,
} from './schema.js'
import { type CatalogSnapshot, snapshotCatalog } from './snapshot.js'
import { standardErrors } from './standard.js'

export type EntriesInput = Readonly<Record<string, ErrorEntry<any>>>

/**
 * A catalog's type parameter is its schema map: code → `details` schema (or `undefined`). Inferring
 * only the schemas, through a mapped type, lets each entry's message function be typed by its own schema.
 */
export type SchemaMap = { readonly [code: string]: unknown }

/** The schema map of a record of entries (e.g. `typeof standardErrors`). */
export type SchemasOf<E> = {
  readonly [K in keyof E]: E[K] extends { readonly details: infer S extends DetailsSchema } ? S : undefined
}

type EntriesFor<S> = { readonly [K in keyof S]: ErrorEntry<S[K] extends DetailsSchema ? S[K] : undefined> }

export type CodeOf<S> = keyof S & string

export type DetailsOf<S, K extends keyof S> = [S[K]] extends [DetailsSchema]
  ? InferDetailsOutput<S[K]>
  : undefined

type DetailsInputOf<S, K extends keyof S> = [S[K]] extends [DetailsSchema]
  ? InferDetailsInput<S[K]>
  : undefined

export interface CreateOptionsBase {
  /** Replaces the entry's message (kept from the client when the error is not exposed). */
  readonly message?: string
  readonly cause?: unknown
  readonly headers?: Readonly<Record<string, string>>
  readonly expose?: boolean
}

/** `details` is required exactly when the entry's schema requires it. */
export type CreateArgs<T, K extends keyof T> = [T[K]] extends [DetailsSchema]
  ? undefined extends DetailsInputOf<T, K>
    ? [options?: CreateOptionsBase & { readonly details?: DetailsInputOf<T, K> }]
    : [options: CreateOptionsBase & { readonly details: DetailsInputOf<T, K> }]
  : [options?: CreateOptionsBase & { readonly details?: undefined }]

/** Every error a catalog can produce, as a union: checking `code` narrows `details`. */
export type CatalogError<T> = { [K in CodeOf<T>]: FaultlineError<K, DetailsOf<T, K>> }[CodeOf<T>]

export type ErrorOf<T, K extends CodeOf<T>> = FaultlineError<K, DetailsOf<T, K>>

export interface CatalogOptions {
  /** Which code plays each standard role, when its name does not say so. */
  readonly roles?: Partial<Record<ErrorRole, string>>
  /** Stack capture: `unexposed` (default) captures only for errors whose message is hidden (5xx). */
  readonly captureStack?: 'always' | 'unexposed' | 'never'
  /** Validate `details` against its schema at creation. Default: on when NODE_ENV is `development` or `test`. */
  readonly validateDetails?: boolean
  /** Called when validation finds `details` invalid; the error is still created (a 4xx never becomes a crash). */
  readonly onInvalidDetails?: (code: string, issues: ReadonlyArray<{ message: string }>) => void
  /** The API's name, for generated docs. */
  readonly name?: string
}

export interface CatalogApi<T> {
  readonly entries: { readonly [K in CodeOf<T>]: ResolvedEntry<K> }
  readonly codes: ReadonlyArray<CodeOf<T>>
  readonly naming: CodeNaming
  readonly options: CatalogOptions
  /** The raw entries, for spreading into another catalog. */
  readonly definitions: EntriesFor<T>
  create<K extends CodeOf<T>>(code: K, ...args: CreateArgs<T, K>): ErrorOf<T, K>
  has(code: unknown): code is CodeOf<T>
  entry(code: string): ResolvedEntry | undefined
  is<K extends CodeOf<T>>(value: unknown, code: K): value is ErrorOf<T, K>
  is(value: unknown): value is CatalogError<T>
  /** The entry playing a role; a catalog without such a code borrows the standard entry (in its naming). */
  roleEntry(role: ErrorRole): ResolvedEntry
  /** Creates the error for a role (normalization, not-found handlers, guards). */
  fromRole(role: ErrorRole, options?: CreateOptionsBase & { readonly details?: unknown }): FaultlineError
  /** Creates an error from a resolved entry (one of `entries`, or a role's borrowed standard entry). */
  fromEntry(
    entry: ResolvedEntry,
    options?: CreateOptionsBase & { readonly details?: unknown },
  ): FaultlineError
  /** The entry for a status no code was chosen for: the status's role when it has that status, else the first code with it. */
  entryForStatus(status: number): ResolvedEntry
  extend<const U extends SchemaMap>(
    entries: EntriesFor<U>,
    options?: CatalogOptions,
  ): Catalog<Omit<T, keyof U> & U>
  /** The stable JSON snapshot (`JSON.stringify(catalog)` writes it) that docs, diff and codegen read. */
  toJSON(): CatalogSnapshot
}

export type CodeFactories<T> = {
  readonly [K in CodeOf<T>]: (...args: CreateArgs<T, K>) => ErrorOf<T, K>
}

export type Catalog<T = SchemaMap> = CatalogApi<T> & CodeFactories<T>

/** A catalog of any shape, for functions that accept every catalog. */
export type AnyCatalog = CatalogApi<any>

const RESERVED = new Set([
  'entries',
  'codes',
  'naming',
  'options',
  'definitions',
  'create',
  'has',
  'entry',
  'is',
  'roleEntry',
  'fromRole',
  'entryForStatus',
  'fromEntry',
  'extend',
  'toJSON',
  'constructor',
  'then',
])

function roleByName(code: string): ErrorRole | undefined {
  const upper = code.toUpperCase()
  for (const role of ROLES) if (ROLE_NAMES[role].includes(upper)) return role
  return undefined
}

function resolveEntry(code: string, entry: ErrorEntry<any>, chosenRole?: ErrorRole): ResolvedEntry {
  if (!Number.isInteger(entry.status) || entry.status < 400 || entry.status > 599) {
    throw new TypeError(
      `error code ${code}: status must be an HTTP error status (400-599), got ${String(entry.status)}`,
    )
  }
  const fixedMessage = typeof entry.message === 'string' ? entry.message : undefined
  const title = entry.title ?? fixedMessage ?? entry.description ?? statusText(entry.status)
  return Object.freeze({
    code,
    status: entry.status,
    title,
    defaultMessage: fixedMessage ?? entry.description ?? title,
    messageFor: typeof entry.message === 'function' ? entry.message : undefined,
    description: entry.description,
    resolution: entry.resolution,
    group: entry.group,
    retry: resolveRetry(entry.retry, entry.status),
    details: entry.details,
    detailsJsonSchema: entry.detailsJsonSchema,
    expose: entry.expose ?? entry.status < 500,
    headers: entry.headers,
    deprecated: entry.deprecated ?? false,
    role: chosenRole ?? entry.role ?? roleByName(code),
  })
}

function defaultValidation(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.NODE_ENV
  return env === 'development' || env === 'test'
}

class CatalogImpl<T extends SchemaMap> implements CatalogApi<T> {
  readonly entries: { readonly [K in CodeOf<T>]: ResolvedEntry<K> }
  readonly codes: ReadonlyArray<CodeOf<T>>
  readonly naming: CodeNaming
  readonly options: CatalogOptions
  readonly definitions: EntriesFor<T>
  readonly #roles = new Map<ErrorRole, ResolvedEntry>()
  readonly #byStatus = new Map<number, ResolvedEntry>()
  readonly #validate: boolean
  readonly #captureStack: 'always' | 'unexposed' | 'never'

  constructor(definitions: EntriesFor<T>, options: CatalogOptions) {
    this.definitions = definitions
    this.options = options
    this.#validate = options.validateDetails ?? defaultValidation()
    this.#captureStack = options.captureStack ?? 'unexposed'
    const entries: Record<string, ResolvedEntry> = Object.create(null)
    const chosen = new Map<string, ErrorRole>()
    for (const [role, code] of Object.entries(options.roles ?? {}))
      if (code) chosen.set(code, role as ErrorRole)
    for (const code of Object.keys(definitions)) {
      if (RESERVED.has(code)) throw new TypeError(`error code ${code} collides with a catalog method name`)
      entries[code] = resolveEntry(code, (definitions as EntriesInput)[code]!, chosen.get(code))
    }
    this.entries = Object.freeze(entries) as { readonly [K in CodeOf<T>]: ResolvedEntry<K> }
    this.codes = Object.freeze(Object.keys(entries)) as ReadonlyArray<CodeOf<T>>
    this.naming = catalogNaming(this.codes)
    for (const entry of Object.values(entries)) {
      if (!this.#byStatus.has(entry.status)) this.#byStatus.set(entry.status, entry)
    }
    for (const role of ROLES) this.#roles.set(role, this.#findRole(role, entries))
  }

  #findRole(role: ErrorRole, entries: Record<string, ResolvedEntry>): ResolvedEntry {
    const chosen = this.options.roles?.[role]
    if (chosen !== undefined) {
      const entry = entries[chosen]
      if (!entry) throw new TypeError(`roles.${role} names ${chosen}, which is not in the catalog`)
      return entry
    }
    // Entries whose name is the role's first (standard) name win over aliases (INVALID_REQUEST is also badRequest's).
    for (const name of ROLE_NAMES[role]) {
      const entry = entries[name] ?? entries[name.toLowerCase()]
      if (entry?.role === role) return entry
    }
    for (const entry of Object.values(entries)) if (entry.role === role) return entry
    const standardCode = ROLE_NAMES[role][0] as keyof typeof standardErrors
    const code = inNaming(standardCode, this.naming)
    return resolveEntry(code, { ...standardErrors[standardCode], role })
  }

  create<K extends CodeOf<T>>(code: K, ...args: CreateArgs<T, K>): ErrorOf<T, K> {
    const entry = this.entries[code]
    if (entry === undefined) throw new TypeError(`unknown error code: ${String(code)}`)
    return this.#build(entry, args[0]) as ErrorOf<T, K>
  }

  #build(entry: ResolvedEntry, options: (CreateOptionsBase & { readonly details?: unknown }) | undefined) {
    let details = options?.details
    if (this.#validate && entry.details !== undefined) details = this.#checkDetails(entry, details)
    const expose = options?.expose ?? entry.expose
    let message = options?.message
    if (message === undefined) message = entry.messageFor ? messageFrom(entry, details) : entry.defaultMessage
    let headers = options?.headers
    if (entry.headers !== undefined)
      headers = headers === undefined ? entry.headers : { ...entry.headers, ...headers }
    const capture = this.#captureStack === 'always' || (this.#captureStack === 'unexposed' && !expose)
    return constructError({ entry, message, details, headers, expose, cause: options?.cause }, capture)
  }

  #checkDetails(entry: ResolvedEntry, details: unknown): unknown {
    try {
      const result = validateSync(entry.details!, details)
      if (result.issues === undefined) return result.value
      ;(this.options.onInvalidDetails ?? warnInvalidDetails)(entry.code, result.issues)
    } catch (cause) {
      ;(this.options.onInvalidDetails ?? warnInvalidDetails)(entry.code, [{ message: String(cause) }])
    }
    return details
  }

  has(code: unknown): code is CodeOf<T> {
    return typeof code === 'string' && Object.hasOwn(this.entries, code)
  }

  entry(code: string): ResolvedEntry | undefined {
    return Object.hasOwn(this.entries, code)
      ? (this.entries as Record<string, ResolvedEntry>)[code]
      : undefined
  }

  is(value: unknown, code?: string): value is CatalogError<T> {
    if (!isFaultlineError(value)) return false
    return code === undefined ? this.has(value.code) : value.code === code
  }

  roleEntry(role: ErrorRole): ResolvedEntry {
    return this.#roles.get(role)!
  }

  fromRole(role: ErrorRole, options?: CreateOptionsBase & { readonly details?: unknown }): FaultlineError {
    return this.#build(this.roleEntry(role), options)
  }

  fromEntry(
    entry: ResolvedEntry,
    options?: CreateOptionsBase & { readonly details?: unknown },
  ): FaultlineError {
    return this.#build(entry, options)
  }

  toJSON(): CatalogSnapshot {
    return snapshotCatalog(this)
  }

  entryForStatus(status: number): ResolvedEntry {
    // The role's entry when it has this very status (even borrowed: a generic code is safer than a
    // specific one that merely shares the status), else the catalog's first code with the status.
    const byRole = this.roleEntry(roleForStatus(status))
    if (byRole.status === status) return byRole
    return this.#byStatus.get(status) ?? byRole
  }

  extend<const U extends SchemaMap>(
    entries: EntriesFor<U>,
    options?: CatalogOptions,
  ): Catalog<Omit<T, keyof U> & U> {
    return defineErrors({ ...this.definitions, ...entries } as any, { ...this.options, ...options }) as any
  }
}

function messageFrom(entry: ResolvedEntry, details: unknown): string {
  try {
    const text = entry.messageFor!(details)
    return typeof text === 'string' ? text : entry.defaultMessage
  } catch {
    return entry.defaultMessage
  }
}

function warnInvalidDetails(code: string, issues: ReadonlyArray<{ message: string }>): void {
  console.warn(
    `[faultline] ${code}: details do not match the schema: ${issues.map((i) => i.message).join('; ')}`,
  )
}

/**
 * Defines a catalog: the single source of truth for every error an API can return.
 * Each code becomes a factory (`catalog.AGENT_NOT_FOUND({ details })`) besides `catalog.create(code, ...)`.
 */
export function defineErrors<const T extends SchemaMap>(
  entries: EntriesFor<T>,
  options: CatalogOptions = {},
): Catalog<T> {
  const catalog = new CatalogImpl<T>(entries, options)
  for (const code of catalog.codes) {
    Object.defineProperty(catalog, code, {
      value: (options?: CreateOptionsBase & { details?: unknown }) =>
        catalog.create(code, ...([options] as any)),
      enumerable: false,
    })
  }
  return catalog as unknown as Catalog<T>
}

/** The standard catalog as is; `standardCatalog.extend({...})` adds an API's own codes. */
export const standardCatalog = defineErrors<SchemasOf<typeof standardErrors>>(standardErrors)
