import { statusText } from '../status-text.js'
import { type FaultlineOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { respond } from './respond.js'

/** The socket side of node's `clientError` event (a `net.Socket`), kept structural so the core imports no node module. */
export interface ClientErrorSocket {
  readonly writable: boolean
  end(data: string): void
  destroy(): void
}

/** Parser failures where the peer is gone or never sent a request: nothing can be answered. */
const UNANSWERABLE = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_DESTROYED'])

/**
 * A handler for node's `clientError` event (and Fastify's `clientErrorHandler` option). Node's HTTP
 * parser refuses malformed requests (a bad Content-Length, a broken chunk size, control characters in
 * a header) before any framework runs and answers a bare `400` with no body; this answers the same
 * refusal as the catalog's envelope, with a request id, then closes the connection.
 */
export function clientErrorHandler(
  options: FaultlineOptions | ResolvedOptions,
): (error: Error & { code?: string }, socket: ClientErrorSocket) => void {
  const resolved = resolveOptions(options)
  return (error, socket) => {
    if (!socket.writable || UNANSWERABLE.has(error.code ?? '')) {
      socket.destroy()
      return
    }
    const facts = { method: 'UNKNOWN', path: '', requestId: resolved.generateRequestId() }
    const refusal = { status: 400, expose: true, message: 'Malformed HTTP request', cause: error }
    const { response } = respond(refusal, facts, resolved)
    let head = `HTTP/1.1 ${response.status} ${statusText(response.status)}\r\n`
    for (const [name, value] of Object.entries(response.headers)) {
      if (name !== 'connection') head += `${name}: ${value}\r\n`
    }
    head += `content-length: ${Buffer.byteLength(response.body)}\r\nconnection: close\r\n\r\n`
    socket.end(head + response.body)
  }
}
