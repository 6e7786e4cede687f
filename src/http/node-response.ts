import type { ServerResponse } from 'node:http'
import { keepsOnError } from './preserved-headers.js'
import type { ErrorResponse } from './respond.js'

/**
 * Writes an error response on a node `ServerResponse` (Express, node:http): drops headers the failed
 * route had set except CORS ones, then one `writeHead` and one `end` with an exact length.
 */
export function sendNodeError(res: ServerResponse, response: ErrorResponse): void {
  for (const name of res.getHeaderNames()) if (!keepsOnError(name)) res.removeHeader(name)
  const headers = response.headers
  headers['content-length'] = String(Buffer.byteLength(response.body))
  res.writeHead(response.status, headers)
  res.end(response.body)
}
