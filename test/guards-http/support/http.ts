import { connect } from 'node:net'

export interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly bytes: Buffer
  readonly text: string
  /** Wall time of the exchange. */
  readonly ms: number
}

/** One request over loopback HTTP, the whole body read as bytes; never waits more than 5 s. */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now()
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) })
  const bytes = Buffer.from(await response.arrayBuffer())
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    bytes,
    text: bytes.toString('utf8'),
    ms: performance.now() - started,
  }
}

/** A JSON POST carrying an Idempotency-Key (none when `key` is undefined). */
export function postJson(url: string, key: string | undefined, body: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (key !== undefined) headers['idempotency-key'] = key
  return call(url, { method: 'POST', headers, body: JSON.stringify(body) })
}

/** The body's `code` member (every error format used here carries one). */
export function codeOf(answer: Answer): unknown {
  return (JSON.parse(answer.text) as { code?: unknown }).code
}

/**
 * Writes `head` (request line and headers, CRLF-separated, no blank line) plus a JSON body on a raw
 * socket, so bytes a client library would refuse (CR, LF, controls) reach the server. Resolves with
 * the status of the answer, or 0 when the server closed without one; bounded by `timeoutMs`.
 */
export async function rawPost(
  port: number,
  head: string,
  body: string,
  timeoutMs = 3_000,
): Promise<{ status: number; text: string }> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const finish = () => {
      clearTimeout(timer)
      const text = Buffer.concat(chunks).toString('latin1')
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]
      resolve({ status: status === undefined ? 0 : Number(status), text })
    }
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      // One answer is all we need; the server may keep the connection open.
      if (/\r\n\r\n/.test(Buffer.concat(chunks).toString('latin1'))) socket.end()
    })
    socket.on('end', finish)
    socket.on('error', () => finish())
    socket.on('connect', () => {
      const length = Buffer.byteLength(body)
      socket.write(
        `${head}\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
          `content-length: ${length}\r\nconnection: close\r\n\r\n${body}`,
        'latin1',
      )
    })
  })
}
