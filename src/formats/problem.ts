import { publicMessage } from '../error.js'
import { fromJsonPointer, toJsonPointer, type ValidationIssue } from '../issues.js'
import { statusText } from '../status-text.js'
import type { ErrorFormat, ParsedError, RenderContext, WireResponse } from './format.js'
import {
  asString,
  docsLink,
  errorHeaders,
  errorList,
  firstError,
  isPlainObject,
  joinDetails,
  requestIdFrom,
  splitDetails,
} from './parts.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export interface ProblemOptions {
  /** Base of the `type` URI per code (`${typeBase}#CODE`); falls back to the render context's docsUrl. */
  readonly typeBase?: string
}

/**
 * RFC 9457 problem details. Without a type base, `type` is `about:blank` and `title` is the status
 * phrase, as §4.2.1 requires; with one, `type` names the code and `title` is the code's stable title.
 * Extension members: `code`, `requestId`, `errors` (field issues with JSON Pointers) and `details`.
 */
export function problemFormat(options: ProblemOptions = {}): ErrorFormat {
  return {
    name: 'problem',
    contentType: PROBLEM_CONTENT_TYPE,
    render(errors, context?: RenderContext) {
      const error = firstError(errors)
      const base = options.typeBase ?? context?.docsUrl
      const body: Record<string, unknown> = {
        type: base ? docsLink(base, error.code) : 'about:blank',
        title: base ? error.entry.title : statusText(error.status),
        status: error.status,
        detail: publicMessage(error),
      }
      if (context?.instance !== undefined) body.instance = context.instance
      body.code = error.code
      if (context?.requestId !== undefined) body.requestId = context.requestId
      const { issues, rest } = splitDetails(error.details)
      const fieldErrors: Record<string, unknown>[] = []
      if (issues)
        for (const issue of issues)
          fieldErrors.push({ detail: issue.message, pointer: toJsonPointer(issue.path) })
      // Further errors of a multi-error render ride along as entries of `errors` with their own code.
      for (const other of errorList(errors).slice(1))
        fieldErrors.push({ code: other.code, detail: publicMessage(other) })
      if (fieldErrors.length > 0 || issues) body.errors = fieldErrors
      if (rest !== undefined) body.details = rest
      return { status: error.status, headers: errorHeaders(error, PROBLEM_CONTENT_TYPE, context), body }
    },
    parse(response: WireResponse): ParsedError[] {
      const body = response.body
      if (!this.matches(body)) return []
      const problem = body as Record<string, unknown>
      const type = asString(problem.type)
      let code = asString(problem.code)
      if (code === undefined && type !== undefined && type !== 'about:blank') {
        const hash = type.lastIndexOf('#')
        const slash = type.lastIndexOf('/')
        const tail = type.slice(Math.max(hash, slash) + 1)
        code = tail === '' ? undefined : decodeURIComponent(tail)
      }
      let issues: ValidationIssue[] | undefined
      // Further errors of a multi-error render come back as errors of their own.
      const others: ParsedError[] = []
      const requestId = asString(problem.requestId) ?? requestIdFrom(response.headers)
      if (Array.isArray(problem.errors)) {
        issues = []
        for (const item of problem.errors) {
          if (!isPlainObject(item) || typeof item.detail !== 'string') continue
          if (typeof item.pointer === 'string')
            issues.push({ path: fromJsonPointer(item.pointer), message: item.detail })
          else if (typeof item.code === 'string') {
            others.push({ code: item.code, status: response.status, message: item.detail, requestId })
          }
        }
        if (issues.length === 0 && others.length > 0) issues = undefined
      }
      const details = joinDetails(problem.details, issues)
      const status = typeof problem.status === 'number' ? problem.status : response.status
      return [
        {
          code,
          status,
          message: asString(problem.detail) ?? asString(problem.title) ?? '',
          ...(details !== undefined ? { details } : {}),
          requestId,
          type,
        },
        ...others,
      ]
    },
    matches(body) {
      return (
        isPlainObject(body) &&
        (typeof body.type === 'string' || typeof body.title === 'string') &&
        (body.status === undefined || typeof body.status === 'number') &&
        (typeof body.detail === 'string' || typeof body.title === 'string') &&
        !('error' in body)
      )
    },
  }
}

export const problem = problemFormat()
