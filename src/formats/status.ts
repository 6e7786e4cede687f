import { publicMessage } from '../error.js'
import { fromFieldName, toFieldName, type ValidationIssue } from '../issues.js'
import type { ErrorFormat, ParsedError } from './format.js'
import { JSON_CONTENT_TYPE } from './format.js'
import {
  asString,
  errorHeaders,
  firstError,
  isPlainObject,
  joinDetails,
  requestIdFrom,
  splitDetails,
} from './parts.js'

/**
 * Seed 002: `{ "status": "error", "error": code, "message", "details": {} }`, with field-level
 * validation issues in a top-level `errors` array of `{ field, message }`.
 */
export const status: ErrorFormat = {
  name: 'status',
  contentType: JSON_CONTENT_TYPE,
  render(errors, context) {
    const error = firstError(errors)
    const { issues, rest } = splitDetails(error.details)
    const body: Record<string, unknown> = {
      status: 'error',
      error: error.code,
      message: publicMessage(error),
      details: rest ?? {},
    }
    if (issues)
      body.errors = issues.map((issue) => ({ field: toFieldName(issue.path), message: issue.message }))
    if (context?.requestId !== undefined) body.requestId = context.requestId
    return { status: error.status, headers: errorHeaders(error, JSON_CONTENT_TYPE, context), body }
  },
  parse(response): ParsedError[] {
    if (!status.matches(response.body)) return []
    const body = response.body as Record<string, unknown>
    let issues: ValidationIssue[] | undefined
    if (Array.isArray(body.errors)) {
      issues = body.errors
        .filter((item) => isPlainObject(item) && typeof item.message === 'string')
        .map((item) => ({ path: fromFieldName(String(item.field ?? '')), message: item.message as string }))
    }
    // An empty `details: {}` is how this shape says "no details".
    const rest =
      isPlainObject(body.details) && Object.keys(body.details).length === 0 ? undefined : body.details
    const details = joinDetails(rest, issues)
    return [
      {
        code: body.error as string,
        status: response.status,
        message: asString(body.message) ?? '',
        ...(details !== undefined ? { details } : {}),
        requestId: asString(body.requestId) ?? requestIdFrom(response.headers),
      },
    ]
  },
  matches(body) {
    return isPlainObject(body) && body.status === 'error' && typeof body.error === 'string'
  },
}
