import type { AnyCatalog } from '../catalog/define.js'
import { defaultRetryFor } from '../catalog/retry.js'
import {
  detectFormat,
  type ErrorFormat,
  type FormatName,
  type ParsedError,
  resolveFormat,
  type WireResponse,
} from '../formats/index.js'
import { statusText } from '../status-text.js'
import { DEFAULT_MAX_ERROR_BODY_BYTES, decodeBody } from './decode-body.js'
import type { APIError } from './errors/api-error.js'
import { errorClassFor } from './errors/status-classes.js'
import { toHeaderRecord } from './header-record.js'
import { readBodyText } from './read-body-text.js'
import { parseRetryAfter } from './retry/index.js'

export interface ParseErrorOptions {
  /** Supplies retry guidance and fallback messages for the codes it knows. */
  readonly catalog?: AnyCatalog | undefined
  /** A format tried before auto-detection: a built-in's name or a custom ErrorFormat. */
  readonly format?: FormatName | ErrorFormat | undefined
  /** The most of the body that is read or decoded; default 256 KiB. */
  readonly maxBodyBytes?: number | undefined
  /** Clock for HTTP-date Retry-After values. */
  readonly now?: number | undefined
}

/** A response as any HTTP client gives it: `body` parsed, text, bytes or undefined. */
export type ErrorResponseRecord = WireResponse

/**
 * Turns any error response into a typed APIError subclass. A fetch `Response` is read (capped) here;
 * a `{ status, headers, body }` record from undici, axios, ky... is used as is. Never rejects.
 */
export async function parseError(
  response: Response | ErrorResponseRecord,
  options: ParseErrorOptions = {},
): Promise<APIError> {
  try {
    if (!isFetchResponse(response)) return parseErrorSync(response, options)
    const text = await readBodyText(response, options.maxBodyBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES)
    return parseErrorSync({ status: response.status, headers: response.headers, body: text }, options)
  } catch {
    return fallbackError(response)
  }
}

/** The synchronous form, for a response whose body is already in hand. Never throws. */
export function parseErrorSync(response: ErrorResponseRecord, options: ParseErrorOptions = {}): APIError {
  try {
    return buildError(response, options)
  } catch {
    return fallbackError(response)
  }
}

function buildError(response: ErrorResponseRecord, options: ParseErrorOptions): APIError {
  const status = normalizeStatus(response?.status)
  const headers = toHeaderRecord(response?.headers)
  const raw = response?.body
  const body = decodeBody(raw, options.maxBodyBytes ?? DEFAULT_MAX_ERROR_BODY_BYTES)
  const errors = parsedErrors({ status, headers, body }, options.format)
  const primary = errors[0]
  const entry = primary?.code !== undefined ? options.catalog?.entry(primary.code) : undefined
  const retryAfterMs = parseRetryAfter(headers, options.now ?? Date.now())
  const ErrorClass = errorClassFor(status)
  return new ErrorClass({
    status,
    code: primary?.code,
    message: primary?.message || entry?.defaultMessage || fallbackMessage(status, body),
    requestId: primary?.requestId ?? headers['x-request-id'] ?? headers['request-id'],
    details: primary?.details,
    headers,
    retryAfter: retryAfterMs === undefined ? undefined : retryAfterMs / 1000,
    retryable: isRetryable(status, headers, entry?.retry),
    body: raw,
    errors,
    type: primary?.type,
  })
}

/** The configured format first, then whichever built-in shape the body has. */
function parsedErrors(response: WireResponse, format: FormatName | ErrorFormat | undefined): ParsedError[] {
  if (format !== undefined) {
    const found = safeParse(safeResolve(format), response)
    if (found.length > 0) return found
  }
  if (typeof response.body !== 'object' || response.body === null) return []
  let detected: ErrorFormat | undefined
  try {
    detected = detectFormat(response.body)
  } catch {
    return []
  }
  return safeParse(detected, response)
}

function safeResolve(format: FormatName | ErrorFormat): ErrorFormat | undefined {
  try {
    return resolveFormat(format)
  } catch {
    return undefined
  }
}

/** Runs a format's parser, keeping only well-formed results: a custom format's mistakes stay contained. */
function safeParse(format: ErrorFormat | undefined, response: WireResponse): ParsedError[] {
  if (format === undefined) return []
  let result: unknown
  try {
    result = format.parse(response)
  } catch {
    return []
  }
  if (!Array.isArray(result)) return []
  const clean: ParsedError[] = []
  for (const item of result) {
    if (typeof item !== 'object' || item === null) continue
    const parsed = item as Partial<ParsedError>
    clean.push({
      code: typeof parsed.code === 'string' ? parsed.code : undefined,
      status: response.status,
      message: typeof parsed.message === 'string' ? parsed.message : '',
      ...(parsed.details !== undefined ? { details: parsed.details } : {}),
      requestId: typeof parsed.requestId === 'string' ? parsed.requestId : undefined,
      ...(typeof parsed.field === 'string' ? { field: parsed.field } : {}),
      ...(typeof parsed.type === 'string' ? { type: parsed.type } : {}),
    })
  }
  return clean
}

/**
 * The server's `x-should-retry` wins; then the catalog's guidance for the code; then the status defaults.
 */
function isRetryable(
  status: number,
  headers: Readonly<Record<string, string>>,
  guidance: { readonly strategy: string } | undefined,
): boolean {
  const said = headers['x-should-retry']?.trim().toLowerCase()
  if (said === 'true') return true
  if (said === 'false') return false
  return (guidance ?? defaultRetryFor(status)).strategy !== 'never'
}

/** HTTP statuses are integers; anything else (NaN, '503', -1, an object) becomes 0, "no usable status". */
function normalizeStatus(value: unknown): number {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : 0
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim())
  return 0
}

/** A short plain-text body (a proxy's one-liner) says more than the reason phrase; markup or broken JSON does not. */
function fallbackMessage(status: number, body: unknown): string {
  if (typeof body === 'string') {
    const text = body.trim()
    if (text.length > 0 && text.length <= 200 && !/[<{[]/.test(text[0]!) && !text.includes('<')) return text
  }
  return status === 0 ? 'Error response without a usable status' : `${status} ${statusText(status)}`
}

/** The last resort when even building the error failed: the status and nothing else. */
function fallbackError(response: unknown): APIError {
  let status = 0
  try {
    status = normalizeStatus((response as { status?: unknown } | null)?.status)
  } catch {
    status = 0
  }
  const ErrorClass = errorClassFor(status)
  return new ErrorClass({
    status,
    code: undefined,
    message: fallbackMessage(status, undefined),
    retryable: defaultRetryFor(status).strategy !== 'never',
  })
}

function isFetchResponse(value: unknown): value is Response {
  if (typeof Response !== 'undefined' && value instanceof Response) return true
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).arrayBuffer === 'function' &&
    typeof (value as Response).text === 'function' &&
    typeof (value as Response).status === 'number'
  )
}
