import { connect } from 'node:net'

/** A response as the suite compares it: status, the headers that matter, the body bytes as text. */
export interface Observed {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string
}

export const COMPARED_HEADERS = [
  'content-type',
  'cache-control',
  'x-request-id',
  'retry-after',
  'allow',
  'access-control-allow-origin',
  'link',
] as const

export interface CaseRequest {
  readonly method: string
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  /** Header lines sent as raw bytes over a socket (ids fetch refuses to send: CR/LF, control chars, UTF-8). */
  readonly rawHeaderLines?: readonly Buffer[]
}

function pick(get: (name: string) => string | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const name of COMPARED_HEADERS) out[name] = get(name)
  return out
}

export async function send(port: number, request: CaseRequest): Promise<Observed> {
  if (request.rawHeaderLines) return await sendRaw(port, request)
  const response = await fetch(`http://127.0.0.1:${port}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(5000),
  })
  const body = await response.text()
  return { status: response.status, headers: pick((name) => response.headers.get(name) ?? undefined), body }
}

/** One request over a fresh socket with `Connection: close`; the whole reply is read until the server closes. */
export function rawExchange(
  port: number,
  bytes: Buffer,
  limitMs = 5000,
): Promise<{ data: Buffer; error?: Error }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(), limitMs)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ data: Buffer.concat(chunks) })
    })
    socket.write(bytes)
  })
}

function requestBytes(request: CaseRequest): Buffer {
  const lines = [`${request.method} ${request.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close']
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`)
  const head = Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1')
  return Buffer.concat([
    head,
    ...(request.rawHeaderLines ?? []).map((line) => Buffer.concat([line, Buffer.from('\r\n')])),
    Buffer.from('\r\n'),
  ])
}

/** Parses a single HTTP/1.1 response (content-length or chunked) from raw bytes. */
export function parseRaw(data: Buffer): Observed & { allHeaders: Record<string, string> } {
  const text = data.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  const head = text.slice(0, end).split('\r\n')
  const status = Number(head[0]!.split(' ')[1])
  const allHeaders: Record<string, string> = {}
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':')
    allHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'))
  if (allHeaders['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = []
    let offset = 0
    for (let guard = 0; guard < 10_000; guard++) {
      const lineEnd = body.indexOf('\r\n', offset)
      if (lineEnd === -1) break
      const size = Number.parseInt(body.subarray(offset, lineEnd).toString('latin1'), 16)
      if (!size) break
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size))
      offset = lineEnd + 2 + size + 2
    }
    body = Buffer.concat(parts)
  }
  return { status, headers: pick((name) => allHeaders[name]), body: body.toString('utf8'), allHeaders }
}

async function sendRaw(port: number, request: CaseRequest): Promise<Observed> {
  const { data } = await rawExchange(port, requestBytes(request))
  const { allHeaders, ...observed } = parseRaw(data)
  return { ...observed, headers: { ...observed.headers, 'x-injected': allHeaders['x-injected'] } }
}
