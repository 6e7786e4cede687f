import type { AnyCatalog } from './catalog/define.js'
import type { ErrorRole } from './catalog/roles.js'
import type { SchemaIssue } from './catalog/schema.js'
import { type FaultlineError, isFaultlineError } from './error.js'
import { toValidationIssue, type ValidationIssue } from './issues.js'
import { isErrorStatus } from './status-text.js'

/** Exposed messages copied from foreign errors are capped: a 10 MB message must not become a 10 MB response. */
const MAX_MESSAGE = 1024
const MAX_ISSUES = 100

/** Framework error codes that mean the same thing whatever produced them. */
const CODE_ROLES: Readonly<Record<string, ErrorRole>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payloadTooLarge',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'badRequest',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_TYPE: 'unsupportedMediaType',
  FST_ERR_NOT_FOUND: 'notFound',
  FST_ERR_VALIDATION: 'validation',
  ABORT_ERR: 'clientClosed',
  ECONNRESET: 'clientClosed',
  ERR_STREAM_PREMATURE_CLOSE: 'clientClosed',
}

/** body-parser / raw-body `type` values. */
const BODY_PARSER_TYPES: Readonly<Record<string, ErrorRole>> = {
  'entity.parse.failed': 'validation',
  'entity.too.large': 'payloadTooLarge',
  'entity.verify.failed': 'badRequest',
  'request.aborted': 'clientClosed',
  'request.size.invalid': 'badRequest',
  'stream.encoding.set': 'internal',
  'stream.not.readable': 'internal',
  'charset.unsupported': 'unsupportedMediaType',
  'encoding.unsupported': 'unsupportedMediaType',
  'parameters.too.many': 'payloadTooLarge',
}

/** Reads a property without letting a hostile getter or a revoked Proxy escape. */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

function safeString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  return value.length > MAX_MESSAGE ? value.slice(0, MAX_MESSAGE) + '…' : value
}

function schemaIssues(value: object): ValidationIssue[] | undefined {
  // Standard Schema failures carry `issues`; ArkType's thrown TraversalError carries them as `arkErrors`.
  const raw = read(value, 'issues') ?? read(value, 'arkErrors')
  if (!Array.isArray(raw) || raw.length === 0) return undefined
  const issues: ValidationIssue[] = []
  for (const item of raw.slice(0, MAX_ISSUES)) {
    if (typeof item !== 'object' || item === null) return undefined
    const message = read(item, 'message')
    if (typeof message !== 'string') return undefined
    const path = read(item, 'path')
    issues.push(
      toValidationIssue({
        message: safeString(message)!,
        path: Array.isArray(path) ? path : [],
      } as SchemaIssue),
    )
  }
  return issues
}

/** Fastify's schema failures carry `validation: [{ instancePath, message }]`. */
function fastifyIssues(value: object): ValidationIssue[] | undefined {
  const raw = read(value, 'validation')
  if (!Array.isArray(raw)) return undefined
  return raw.slice(0, MAX_ISSUES).map((item) => {
    const pointer = typeof item?.instancePath === 'string' ? item.instancePath : ''
    const missing = typeof item?.params?.missingProperty === 'string' ? [item.params.missingProperty] : []
    const path = [...pointer.split('/').filter(Boolean), ...missing]
    return { path, message: safeString(item?.message) ?? 'is invalid' }
  })
}

function roleOfName(name: unknown): ErrorRole | undefined {
  if (name === 'AbortError') return 'clientClosed'
  if (name === 'TimeoutError') return 'timeout'
  if (name === 'StoreUnavailableError') return 'unavailable'
  return undefined
}

function statusOf(value: object): number | undefined {
  const status = read(value, 'status')
  if (isErrorStatus(status)) return status
  const statusCode = read(value, 'statusCode')
  if (isErrorStatus(statusCode)) return statusCode
  if (read(value, 'isBoom') === true) {
    const output = read(value, 'output')
    const code = typeof output === 'object' && output !== null ? read(output, 'statusCode') : undefined
    if (isErrorStatus(code)) return code
  }
  return undefined
}

function normalizeObject(thrown: object, catalog: AnyCatalog): FaultlineError {
  const issues = schemaIssues(thrown)
  if (issues) return catalog.fromRole('validation', { details: { issues }, cause: thrown })

  const code = read(thrown, 'code')
  const type = read(thrown, 'type')
  const role =
    (typeof code === 'string' ? CODE_ROLES[code] : undefined) ??
    (typeof type === 'string' ? BODY_PARSER_TYPES[type] : undefined) ??
    roleOfName(read(thrown, 'name')) ??
    (thrown instanceof SyntaxError && statusOf(thrown) === 400 ? 'validation' : undefined)

  if (role === 'validation') {
    const fromFastify = fastifyIssues(thrown)
    const details = { issues: fromFastify ?? [{ path: [], message: 'Malformed JSON in request body' }] }
    const message = fromFastify ? undefined : 'Malformed JSON in request body'
    return catalog.fromRole('validation', { details, cause: thrown, ...(message ? { message } : {}) })
  }
  if (role !== undefined) return catalog.fromRole(role, { cause: thrown })

  const status = statusOf(thrown)
  if (status !== undefined) {
    const entry = catalog.entryForStatus(status)
    // A foreign 4xx that says it may be shown (http-errors' `expose`) keeps its message; 5xx never do.
    const expose = status < 500 && read(thrown, 'expose') !== false
    const message = expose ? safeString(read(thrown, 'message')) : undefined
    return catalog.fromEntry(entry, { cause: thrown, ...(message ? { message } : {}) })
  }
  return catalog.fromRole('internal', { cause: thrown })
}

/**
 * A Faultline error is kept when this catalog can produce it (its own code, or a role it borrows);
 * one from another catalog, or a forged brand, is mapped by its status like any foreign error.
 */
function ownError(error: FaultlineError, catalog: AnyCatalog): FaultlineError {
  const code = read(error, 'code')
  if (typeof code === 'string') {
    if (catalog.has(code)) return error
    const role = read(error, 'entry') as { role?: ErrorRole } | undefined
    if (role?.role !== undefined && catalog.roleEntry(role.role).code === code) return error
  }
  return normalizeObject(error, catalog)
}

/**
 * Turns anything thrown into an error of the catalog. Never throws: a hostile value (throwing getters,
 * revoked proxies, circular causes) becomes INTERNAL_ERROR with the value kept as `cause` for the log.
 */
export function normalize(thrown: unknown, catalog: AnyCatalog): FaultlineError {
  try {
    if (isFaultlineError(thrown)) return ownError(thrown, catalog)
    if (typeof thrown === 'object' && thrown !== null) return normalizeObject(thrown, catalog)
    return catalog.fromRole('internal', { cause: thrown })
  } catch (failure) {
    try {
      return catalog.fromRole('internal', { cause: failure })
    } catch {
      return catalog.fromRole('internal')
    }
  }
}
