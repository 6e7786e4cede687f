import { publicMessage } from '../error.js'
import type { ErrorFormat, ParsedError } from './format.js'
import { JSON_CONTENT_TYPE } from './format.js'
import { asString, errorHeaders, firstError, isPlainObject, requestIdFrom } from './parts.js'

/** Seed 000: `{ "error": message, "code": CODE, "statusCode": status }`; `details`/`requestId` only when present. */
export const flat: ErrorFormat = {
  name: 'flat',
  contentType: JSON_CONTENT_TYPE,
  render(errors, context) {
    const error = firstError(errors)
    const body: Record<string, unknown> = {
      error: publicMessage(error),
      code: error.code,
      statusCode: error.status,
    }
    if (error.details !== undefined) body.details = error.details
    if (context?.requestId !== undefined) body.requestId = context.requestId
    return { status: error.status, headers: errorHeaders(error, JSON_CONTENT_TYPE, context), body }
  },
  parse(response): ParsedError[] {
    if (!flat.matches(response.body)) return []
    const body = response.body as Record<string, unknown>
    return [
      {
        code: body.code as string,
        status: typeof body.statusCode === 'number' ? body.statusCode : response.status,
        message: body.error as string,
        ...(body.details !== undefined ? { details: body.details } : {}),
        requestId: asString(body.requestId) ?? requestIdFrom(response.headers),
      },
    ]
  },
  matches(body) {
    return isPlainObject(body) && typeof body.error === 'string' && typeof body.code === 'string'
  },
}
