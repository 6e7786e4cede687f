import { connect } from 'node:net'

/** One HTTP/1.1 exchange seen from the wire: what came back, and how the connection ended. */
export interface RawResponse {
  /** 0 when no status line arrived. */
  readonly status: number
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>
  /** The header block exactly as received, for leak and injection checks. */
  readonly head: string
  readonly body: string
  /** `answered`: a full response; `closed`: the server closed without one; `reset`; `timeout`: the client gave up. */
  readonly ending: 'answered' | 'closed' | 'reset' | 'timeout'
  readonly elapsedMs: number
}

export interface RawRequestOptions {
  /** Give up after this long (the exchange then ends as `timeout`). */
  readonly timeoutMs?: number
  /** Pause between chunks, to trickle a body. */
  readonly gapMs?: number
  /** Half-close after the last chunk (FIN), as a client that stops sending does. */
  readonly endAfterWrite?: boolean
}

function decodeChunked(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = []
  let offset = 0
  for (let guard = 0; guard < 1_000_000; guard++) {
    const lineEnd = data.indexOf('\r\n', offset)
    if (lineEnd === -1) return undefined
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16)
    if (!Number.isFinite(size)) return undefined
    if (size === 0) return Buffer.concat(parts)
    const start = lineEnd + 2
    if (data.length < start + size + 2) return undefined
    parts.push(data.subarray(start, start + size))
    offset = start + size + 2
  }
  return undefined
}

/** Parses as much of a response as has arrived; `complete` once the body is whole. */
function parseResponse(data: Buffer): {
  complete: boolean
  response?: Omit<RawResponse, 'ending' | 'elapsedMs'>
} {
  const split = data.indexOf('\r\n\r\n')
  if (split === -1) return { complete: false }
  const head = data.subarray(0, split).toString('latin1')
  const lines = head.split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0)
  const headers: Record<string, string> = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  const rest = data.subarray(split + 4)
  let body: Buffer | undefined
  if (headers['transfer-encoding']?.includes('chunked')) body = decodeChunked(rest)
  else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length'])
    body = rest.length >= length ? rest.subarray(0, length) : undefined
  } else if (status === 204 || status === 304) body = Buffer.alloc(0)
  if (body === undefined)
    return { complete: false, response: { status, headers, head, body: rest.toString('utf8') } }
  return { complete: true, response: { status, headers, head, body: body.toString('utf8') } }
}

/**
 * Sends bytes exactly as given on a fresh TCP connection to 127.0.0.1 and reads one response. Nothing
 * is fixed up: malformed framing, lying lengths and raw control bytes reach the server as written.
 */
export function rawRequest(
  port: number,
  chunks: ReadonlyArray<string | Uint8Array>,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const timeoutMs = options.timeoutMs ?? 5_000
  const started = performance.now()
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const finish = (ending: RawResponse['ending']) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const parsed = parseResponse(Buffer.concat(received))
      const response = parsed.response ?? { status: 0, headers: {}, head: '', body: '' }
      const finalEnding = parsed.complete ? 'answered' : ending
      resolve({ ...response, ending: finalEnding, elapsedMs: performance.now() - started })
    }
    timer = setTimeout(() => finish('timeout'), timeoutMs)
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk)
      if (parseResponse(Buffer.concat(received)).complete) finish('answered')
    })
    socket.on('end', () => finish('closed'))
    socket.on('close', () => finish('closed'))
    socket.on('error', () => finish('reset'))
    socket.once('connect', async () => {
      for (let i = 0; i < chunks.length; i++) {
        if (settled || socket.destroyed) return
        socket.write(chunks[i]!)
        if (options.gapMs !== undefined && i < chunks.length - 1) {
          await new Promise((r) => setTimeout(r, options.gapMs))
        }
      }
      if (options.endAfterWrite && !socket.destroyed) socket.end()
    })
  })
}

/** A request head with `Connection: close` and the given headers, as raw text (CRLF line ends). */
export function requestHead(
  method: string,
  path: string,
  headers: ReadonlyArray<readonly [string, string]>,
): string {
  let head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`
  return `${head}\r\n`
}

/** A complete JSON POST with an honest Content-Length. */
export function jsonPost(
  path: string,
  body: string | Uint8Array,
  extra: ReadonlyArray<readonly [string, string]> = [],
): Array<string | Uint8Array> {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
  return [
    requestHead('POST', path, [
      ['Content-Type', 'application/json'],
      ['Content-Length', String(length)],
      ...extra,
    ]),
    body,
  ]
}
