import type { FaultlineError } from '../error.js'
import { isValidationIssueList, type ValidationIssue } from '../issues.js'
import type { HeadersInput, RenderContext } from './format.js'

/** Shared pieces of every codec: split validation issues from other details, headers, safe reads. */

export function firstError(errors: FaultlineError | readonly FaultlineError[]): FaultlineError {
  const list = errors as readonly FaultlineError[]
  if (Array.isArray(list)) {
    if (list.length === 0) throw new TypeError('render needs at least one error')
    return list[0]!
  }
  return errors as FaultlineError
}

export function errorList(errors: FaultlineError | readonly FaultlineError[]): readonly FaultlineError[] {
  return Array.isArray(errors) ? (errors as readonly FaultlineError[]) : [errors as FaultlineError]
}

export interface SplitDetails {
  readonly issues: readonly ValidationIssue[] | undefined
  /** Everything in `details` but the issues; undefined when nothing is left. */
  readonly rest: unknown
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Validation issues travel in each format's field-level shape; the rest of `details` travels as is. */
export function splitDetails(details: unknown): SplitDetails {
  if (!isPlainObject(details) || !isValidationIssueList(details.issues))
    return { issues: undefined, rest: details }
  const { issues, ...rest } = details
  return { issues: issues as ValidationIssue[], rest: Object.keys(rest).length === 0 ? undefined : rest }
}

export function joinDetails(rest: unknown, issues: readonly ValidationIssue[] | undefined): unknown {
  if (issues === undefined) return rest
  return isPlainObject(rest) ? { ...rest, issues } : { issues }
}

/** Headers of an error response: the format's content type, the error's own headers, a docs link. */
export function errorHeaders(error: FaultlineError, contentType: string, context: RenderContext | undefined) {
  const headers: Record<string, string> = { 'content-type': contentType }
  for (const name in error.headers) headers[name.toLowerCase()] = error.headers[name]!
  if (context?.docsUrl) headers.link = `<${docsLink(context.docsUrl, error.code)}>; rel="help"`
  return headers
}

export function docsLink(docsUrl: string, code: string): string {
  return `${docsUrl}#${encodeURIComponent(code)}`
}

export function readHeader(headers: HeadersInput, name: string): string | undefined {
  if (headers === undefined) return undefined
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const record = headers as Readonly<Record<string, string | readonly string[] | number | undefined>>
  let value = record[name]
  if (value === undefined) {
    const lower = name.toLowerCase()
    for (const key in record) {
      if (key.toLowerCase() === lower) {
        value = record[key]
        break
      }
    }
  }
  if (value === undefined) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export function requestIdFrom(headers: HeadersInput): string | undefined {
  return readHeader(headers, 'x-request-id')
}
