import { RequestBodyError } from './body-errors.js'

/** `application/json` and any `+json` type, with no charset but UTF-8 (RFC 8259 §8.1). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false
  const semicolon = contentType.indexOf(';')
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
  if (type !== 'application/json' && !(type.startsWith('application/') && type.endsWith('+json')))
    return false
  if (semicolon === -1) return true
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType.slice(semicolon))?.[1]?.toLowerCase()
  return charset === undefined || charset === 'utf-8' || charset === 'utf8'
}

export interface BodyHeaders {
  readonly contentType: string | null | undefined
  readonly contentLength: string | null | undefined
  readonly chunked: boolean
}

/** Whether a request carries a body at all (RFC 9112 §6.3): a length header or chunked transfer coding. */
export function hasBody(headers: BodyHeaders): boolean {
  if (headers.chunked) return true
  if (headers.contentLength === null || headers.contentLength === undefined) return false
  // `content-length: 0` with no type is how clients send a bodyless POST; with a JSON type it is an empty body.
  return headers.contentLength !== '0' || Boolean(headers.contentType)
}

/** Checks made before reading a byte: media type and declared length. */
function precheck(headers: BodyHeaders, limit: number): void {
  if (!isJsonContentType(headers.contentType)) throw new RequestBodyError('unsupportedType')
  const declared = Number(headers.contentLength)
  if (headers.contentLength && declared > limit) throw new RequestBodyError('tooLarge')
}

const decoder = new TextDecoder()

/** Joins chunks without node's Buffer, so the core also runs on Workers and Deno. */
function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new RequestBodyError('empty')
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new RequestBodyError('malformed', cause)
  }
}

/** The event surface of a node `Readable` (an `IncomingMessage`) used to read a body without a framework. */
export interface ByteSource {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown
  on(event: 'end' | 'close', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  removeListener(event: string, listener: (...args: any[]) => void): unknown
  resume(): unknown
  readonly readableEnded?: boolean
}

/** Collects at most `limit` bytes; past it, stops keeping data but drains the rest so a 413 can still be sent. */
function collect(source: ByteSource, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let size = 0
    const cleanup = () => {
      source.removeListener('data', onData)
      source.removeListener('end', onEnd)
      source.removeListener('error', onError)
      source.removeListener('close', onClose)
    }
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength
      if (size > limit) {
        cleanup()
        source.resume()
        reject(new RequestBodyError('tooLarge'))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(concatBytes(chunks, size))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    // A client that goes away mid-body: the reader must settle, as an abort (499), never hang.
    const onClose = () => {
      if (source.readableEnded) return
      cleanup()
      reject(
        Object.assign(new Error('the client closed the request before its body arrived'), {
          name: 'AbortError',
        }),
      )
    }
    source.on('data', onData)
    source.on('end', onEnd)
    source.on('error', onError)
    source.on('close', onClose)
  })
}

/**
 * Reads a JSON body from a node stream: undefined when the request has none; else 415 for a non-JSON
 * type, 413 past `limit`, 400 (validation) for an empty or malformed body.
 */
export async function readJsonStream(
  source: ByteSource,
  headers: BodyHeaders,
  limit: number,
): Promise<unknown> {
  if (!hasBody(headers)) return undefined
  precheck(headers, limit)
  const bytes = await collect(source, limit)
  return parseJsonText(decoder.decode(bytes))
}

/** The same rules for a web `Request` (fetch handlers, Hono); like node, headers say whether a body exists. */
export async function readJsonRequest(request: Request, limit: number): Promise<unknown> {
  const headers: BodyHeaders = {
    contentType: request.headers.get('content-type'),
    contentLength: request.headers.get('content-length'),
    // A Request built in-process carries its body without length headers; a typed stream counts as a body.
    chunked:
      request.headers.has('transfer-encoding') ||
      (request.body !== null && request.headers.has('content-type')),
  }
  if (!hasBody(headers)) return undefined
  precheck(headers, limit)
  if (request.body === null) return parseJsonText('')
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw new RequestBodyError('tooLarge')
    }
    chunks.push(value)
  }
  return parseJsonText(decoder.decode(concatBytes(chunks, size)))
}
