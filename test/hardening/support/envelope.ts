import { formats } from '../../../src/formats/index.js'
import { isAcceptableRequestId } from '../../../src/http/request-id.js'
import { KNOWN_CODES } from './catalog.js'

export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Why an error answer is not a valid catalog envelope with `code` (undefined when it is): problem+json,
 * body parsed by the format's own `parse`, a code from the catalog, status in body and line agreeing,
 * a sane request id, and `cache-control: no-store`.
 */
export function envelopeProblem(answer: Answer, code: string): string | undefined {
  if (!answer.headers['content-type']?.startsWith('application/problem+json')) {
    return `content-type ${answer.headers['content-type']}`
  }
  let body: unknown
  try {
    body = JSON.parse(answer.body)
  } catch {
    return `body is not JSON: ${answer.body.slice(0, 120)}`
  }
  const parsed = formats.problem.parse({ status: answer.status, headers: answer.headers, body })
  const first = parsed[0]
  if (first === undefined) return `not a problem envelope: ${answer.body.slice(0, 160)}`
  if (first.code === undefined || !KNOWN_CODES.has(first.code)) return `code ${first.code} not in the catalog`
  if (first.code !== code) return `code ${first.code}, expected ${code}`
  if ((body as { status?: unknown }).status !== answer.status)
    return 'status in body differs from the status line'
  if (!isAcceptableRequestId(answer.headers['x-request-id']))
    return `request id header ${answer.headers['x-request-id']}`
  if (first.requestId !== answer.headers['x-request-id']) return 'request id in body differs from the header'
  if (answer.headers['cache-control'] !== 'no-store')
    return `cache-control ${answer.headers['cache-control']}`
  return undefined
}

/** Fastify's own `clientError` answer, written before any route or hook runs. */
const FASTIFY_CLIENT_ERROR = /^\{"error":"[A-Za-z ]+","message":"Client Error","statusCode":4\d\d\}$/

/**
 * node's HTTP parser refusing the framing before any adapter ran: a bare 4xx with no body (node's
 * default), or Fastify's fixed `{"error","message":"Client Error","statusCode"}` (its default handler).
 */
export function isParserRejection(answer: Answer): boolean {
  if (![400, 408, 413, 431].includes(answer.status)) return false
  return answer.body === '' || FASTIFY_CLIENT_ERROR.test(answer.body)
}
