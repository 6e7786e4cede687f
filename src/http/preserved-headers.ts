/**
 * Headers describing the failed success response's body: a route may have set them before it threw,
 * and they would lie about the error body. Everything else a route set (CORS, `vary`, cookies) stays,
 * as Express's and Fastify's own error paths keep it.
 */
export const REPRESENTATION_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-range',
  'content-disposition',
  'content-location',
  'etag',
  'last-modified',
  'transfer-encoding',
])

export function keepsOnError(name: string): boolean {
  return !REPRESENTATION_HEADERS.has(name.toLowerCase())
}
