import { publicMessage } from '../error.js'
import type { ErrorFormat, ParsedError } from './format.js'
import { JSON_CONTENT_TYPE } from './format.js'
import { asString, errorHeaders, firstError, isPlainObject, requestIdFrom } from './parts.js'

export interface NestedOptions {
  /** Seed 004's public endpoints: `{ "error": { "code" } }` only, no message, request id or details. */
  readonly reduced?: boolean
}

/** Seed 004: `{ "error": { "code", "message", "requestId", "details" } }`; validation issues in `details.issues`. */
export function nestedFormat(options: NestedOptions = {}): ErrorFormat {
  const format: ErrorFormat = {
    name: options.reduced ? 'nestedPublic' : 'nested',
    contentType: JSON_CONTENT_TYPE,
    render(errors, context) {
      const error = firstError(errors)
      const inner: Record<string, unknown> = { code: error.code }
      if (!options.reduced) {
        inner.message = publicMessage(error)
        if (context?.requestId !== undefined) inner.requestId = context.requestId
        if (error.details !== undefined) inner.details = error.details
      }
      return {
        status: error.status,
        headers: errorHeaders(error, JSON_CONTENT_TYPE, context),
        body: { error: inner },
      }
    },
    parse(response): ParsedError[] {
      if (!format.matches(response.body)) return []
      const inner = (response.body as { error: Record<string, unknown> }).error
      return [
        {
          code: inner.code as string,
          status: response.status,
          message: asString(inner.message) ?? '',
          ...(inner.details !== undefined ? { details: inner.details } : {}),
          requestId: asString(inner.requestId) ?? requestIdFrom(response.headers),
        },
      ]
    },
    matches(body) {
      return isPlainObject(body) && isPlainObject(body.error) && typeof body.error.code === 'string'
    },
  }
  return format
}

export const nested = nestedFormat()
export const nestedPublic = nestedFormat({ reduced: true })
