import { publicMessage } from '../error.js'
import type { ErrorFormat, ParsedError } from './format.js'
import { JSON_CONTENT_TYPE } from './format.js'
import { asString, errorHeaders, firstError, isPlainObject, requestIdFrom } from './parts.js'

/** The code a string-shaped body stands for: seed 001 uses that shape only for route-level validation. */
const STRING_SHAPE_CODE = 'VALIDATION_ERROR'

/**
 * Seed 001's two shapes: route-level validation errors are `{ "error": "message" }`; every other error is
 * `{ "error": { "message", "type" } }` with the code as `type`. Clients read `error` when it is a string,
 * otherwise `error.message`.
 */
export const plain: ErrorFormat = {
  name: 'plain',
  contentType: JSON_CONTENT_TYPE,
  render(errors, context) {
    const error = firstError(errors)
    const message = publicMessage(error)
    let body: Record<string, unknown>
    if (error.entry.role === 'validation') {
      body = { error: message }
      // The seed's shape names no code; a catalog whose validation code has another name keeps it in `type`.
      if (error.code !== STRING_SHAPE_CODE) body.type = error.code
      if (error.details !== undefined) body.details = error.details
      if (context?.requestId !== undefined) body.requestId = context.requestId
    } else {
      const inner: Record<string, unknown> = { message, type: error.code }
      if (error.details !== undefined) inner.details = error.details
      if (context?.requestId !== undefined) inner.requestId = context.requestId
      body = { error: inner }
    }
    return { status: error.status, headers: errorHeaders(error, JSON_CONTENT_TYPE, context), body }
  },
  parse(response): ParsedError[] {
    const body = response.body
    if (!plain.matches(body)) return []
    const outer = body as Record<string, unknown>
    const requestHeaderId = requestIdFrom(response.headers)
    if (typeof outer.error === 'string') {
      return [
        {
          code: asString(outer.type) ?? STRING_SHAPE_CODE,
          status: response.status,
          message: outer.error,
          ...(outer.details !== undefined ? { details: outer.details } : {}),
          requestId: asString(outer.requestId) ?? requestHeaderId,
        },
      ]
    }
    const inner = outer.error as Record<string, unknown>
    return [
      {
        code: asString(inner.type),
        status: response.status,
        message: asString(inner.message) ?? '',
        ...(inner.details !== undefined ? { details: inner.details } : {}),
        requestId: asString(inner.requestId) ?? requestHeaderId,
      },
    ]
  },
  matches(body) {
    if (!isPlainObject(body)) return false
    if (typeof body.error === 'string') return true
    return isPlainObject(body.error) && typeof body.error.message === 'string' && !('code' in body.error)
  },
}
