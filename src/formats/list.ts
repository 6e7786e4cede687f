import { publicMessage } from '../error.js'
import { fromFieldName, toFieldName, type ValidationIssue } from '../issues.js'
import type { ErrorFormat, ParsedError } from './format.js'
import { JSON_CONTENT_TYPE } from './format.js'
import {
  asString,
  errorHeaders,
  errorList,
  firstError,
  isPlainObject,
  requestIdFrom,
  splitDetails,
} from './parts.js'

/**
 * Seed 003: `{ "data": null, "meta": { requestId, timestamp }, "errors": [ { code, message, field } ] }`.
 * Several errors travel in one response; a validation error becomes one item per field issue.
 */
export const list: ErrorFormat = {
  name: 'list',
  contentType: JSON_CONTENT_TYPE,
  render(errors, context) {
    const items: Record<string, unknown>[] = []
    for (const error of errorList(errors)) {
      const { issues, rest } = splitDetails(error.details)
      if (issues && issues.length > 0) {
        for (const issue of issues) {
          const item: Record<string, unknown> = {
            code: error.code,
            message: issue.message,
            field: toFieldName(issue.path),
          }
          if (rest !== undefined) item.details = rest
          items.push(item)
        }
      } else {
        const item: Record<string, unknown> = { code: error.code, message: publicMessage(error) }
        if (error.details !== undefined) item.details = error.details
        items.push(item)
      }
    }
    const meta: Record<string, unknown> = {}
    if (context?.requestId !== undefined) meta.requestId = context.requestId
    meta.timestamp = context?.timestamp ?? new Date().toISOString()
    const primary = firstError(errors)
    return {
      status: primary.status,
      headers: errorHeaders(primary, JSON_CONTENT_TYPE, context),
      body: { data: null, meta, errors: items },
    }
  },
  parse(response): ParsedError[] {
    if (!list.matches(response.body)) return []
    const body = response.body as Record<string, unknown>
    const meta = isPlainObject(body.meta) ? body.meta : {}
    const requestId = asString(meta.requestId) ?? requestIdFrom(response.headers)
    const parsed: ParsedError[] = []
    // Consecutive field items of one code are one validation error with several issues.
    let open: { code: string; message: string; issues: ValidationIssue[]; rest: unknown } | undefined
    const flush = () => {
      if (!open) return
      const details = isPlainObject(open.rest)
        ? { ...open.rest, issues: open.issues }
        : { issues: open.issues }
      parsed.push({ code: open.code, status: response.status, message: open.message, details, requestId })
      open = undefined
    }
    for (const item of body.errors as unknown[]) {
      if (!isPlainObject(item)) continue
      const code = asString(item.code)
      const message = asString(item.message) ?? ''
      if (typeof item.field === 'string' && code !== undefined) {
        if (!open || open.code !== code) {
          flush()
          open = { code, message, issues: [], rest: item.details }
        }
        open.issues.push({ path: fromFieldName(item.field), message })
        continue
      }
      flush()
      parsed.push({
        code,
        status: response.status,
        message,
        ...(item.details !== undefined ? { details: item.details } : {}),
        requestId,
      })
    }
    flush()
    return parsed
  },
  matches(body) {
    return isPlainObject(body) && Array.isArray(body.errors) && 'data' in body
  },
}
