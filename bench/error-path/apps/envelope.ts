import { AGENT_NOT_FOUND_MESSAGE } from '../catalog.js'

/** The hand-written envelope: the same `nested` shape Faultline renders, minus the request id. */
export function agentNotFoundBody(agentId: string) {
  return { error: { code: 'AGENT_NOT_FOUND', message: AGENT_NOT_FOUND_MESSAGE, details: { agentId } } }
}

/** The JSON body a variant's error middleware renders from a foreign error (http-errors, HTTPException). */
export function foreignErrorBody(status: number, message: string, details: unknown) {
  const code = status === 404 ? 'AGENT_NOT_FOUND' : 'INTERNAL_ERROR'
  return { error: { code, message, details } }
}

/** What a hand-written app throws: an Error carrying the id its error handler needs. */
export class AgentNotFound extends Error {
  readonly agentId: string
  constructor(agentId: string) {
    super(AGENT_NOT_FOUND_MESSAGE)
    this.agentId = agentId
  }
}

let served = 0
/**
 * What the `handwritten-same` variants send: Faultline's bytes written by hand, a generated request id
 * in the body and the header, and `Cache-Control: no-store`.
 */
export function sameAsFaultline(agentId: string) {
  const requestId = `req_5f3a9c2e71bd_${(++served).toString(36)}`
  return {
    requestId,
    headers: { 'x-request-id': requestId, 'cache-control': 'no-store' },
    body: {
      error: { code: 'AGENT_NOT_FOUND', message: AGENT_NOT_FOUND_MESSAGE, requestId, details: { agentId } },
    },
  }
}
