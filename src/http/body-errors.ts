import type { AnyCatalog } from '../catalog/define.js'
import type { FaultlineError } from '../error.js'

/**
 * The four ways a JSON request body fails, with one wording whichever framework noticed: Express's
 * body-parser, Fastify's content-type parser, or this package's own reader. Validation issues point at `body`.
 */
export type BodyFailure = 'malformed' | 'empty' | 'tooLarge' | 'unsupportedType'

const MALFORMED = 'Malformed JSON in request body'
const EMPTY = 'Request body is empty; expected JSON'

export function bodyError(catalog: AnyCatalog, failure: BodyFailure, cause?: unknown): FaultlineError {
  switch (failure) {
    case 'malformed':
      return catalog.fromRole('validation', {
        message: MALFORMED,
        details: { issues: [{ path: ['body'], message: MALFORMED }] },
        cause,
      })
    case 'empty':
      return catalog.fromRole('validation', {
        message: EMPTY,
        details: { issues: [{ path: ['body'], message: EMPTY }] },
        cause,
      })
    case 'tooLarge':
      return catalog.fromRole('payloadTooLarge', { cause })
    case 'unsupportedType':
      return catalog.fromRole('unsupportedMediaType', { cause })
  }
}

/**
 * Thrown by this package's body readers, which run without a catalog: the error handler, which has
 * one, turns it into the catalog's error. Built without a stack: a bad body is the client's, not a bug.
 */
export class RequestBodyError extends Error {
  override readonly name = 'RequestBodyError'
  readonly failure: BodyFailure

  constructor(failure: BodyFailure, cause?: unknown) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    try {
      super(`request body: ${failure}`, cause === undefined ? undefined : { cause })
    } finally {
      Error.stackTraceLimit = limit
    }
    this.failure = failure
  }
}

/** Fastify's FST_ERR_CTP_* codes and body-parser's `type` values that mean a body failure. */
const FRAMEWORK_BODY_FAILURES: Readonly<Record<string, BodyFailure>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty',
  FST_ERR_CTP_BODY_TOO_LARGE: 'tooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedType',
  FST_ERR_CTP_INVALID_TYPE: 'unsupportedType',
  'entity.parse.failed': 'malformed',
  'entity.too.large': 'tooLarge',
  'charset.unsupported': 'unsupportedType',
  'encoding.unsupported': 'unsupportedType',
}

function field(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

/** A framework's body-parse error in this package's wording; undefined for anything else. */
export function bodyErrorFrom(thrown: unknown, catalog: AnyCatalog): FaultlineError | undefined {
  try {
    if (thrown instanceof RequestBodyError) return bodyError(catalog, thrown.failure, thrown.cause)
    if (typeof thrown !== 'object' || thrown === null) return undefined
    const code = field(thrown, 'code')
    const type = field(thrown, 'type')
    const failure =
      (typeof code === 'string' ? FRAMEWORK_BODY_FAILURES[code] : undefined) ??
      (typeof type === 'string' ? FRAMEWORK_BODY_FAILURES[type] : undefined)
    return failure === undefined ? undefined : bodyError(catalog, failure, thrown)
  } catch {
    // A hostile value (a Proxy whose traps throw): normalization turns it into INTERNAL_ERROR.
    return undefined
  }
}
