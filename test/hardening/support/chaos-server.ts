import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The misbehaviours a chaos server picks from, one per request. */
export const CHAOS_KINDS = [
  'ok',
  'reset',
  'hang',
  'truncated',
  'html-502',
  'text-500',
  'wrong-type',
  'garbage-json',
  'retry-after-0',
  'retry-after-negative',
  'retry-after-huge',
  'retry-after-garbage',
  'retry-after-future-date',
  'retry-after-past-date',
  'ratelimit-field',
  'empty-503',
  'problem-400',
  'status-999',
] as const

export type ChaosKind = (typeof CHAOS_KINDS)[number]

/** Answers one chaos kind; the returned value is only the end of the answer (kept for `return` in the switch). */
function play(kind: ChaosKind, res: ServerResponse): unknown {
  const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
    res
      .writeHead(status, { 'content-type': 'application/problem+json', ...headers })
      .end(JSON.stringify({ type: 'about:blank', title: 'x', status, detail: 'chaos', code }))
  switch (kind) {
    case 'ok':
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    case 'reset':
      return res.socket?.destroy()
    case 'hang':
      return
    case 'truncated':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"ok":tr')
      setTimeout(() => res.socket?.destroy(), 5)
      return
    case 'html-502':
      return res
        .writeHead(502, { 'content-type': 'text/html' })
        .end('<html><body><h1>502 Bad Gateway</h1></body></html>')
    case 'text-500':
      return res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded')
    case 'wrong-type':
      return res
        .writeHead(503, { 'content-type': 'image/png' })
        .end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff]))
    case 'garbage-json':
      return res.writeHead(500, { 'content-type': 'application/json' }).end('{"code": "X", "message": ')
    case 'retry-after-0':
      return problem(503, 'SERVICE_UNAVAILABLE', { 'retry-after': '0' })
    case 'retry-after-negative':
      return problem(503, 'SERVICE_UNAVAILABLE', { 'retry-after': '-1' })
    case 'retry-after-huge':
      return problem(429, 'RATE_LIMITED', { 'retry-after': '1000000000000' })
    case 'retry-after-garbage':
      return problem(429, 'RATE_LIMITED', { 'retry-after': 'soon-ish; please\u0007'.replace('\u0007', '') })
    case 'retry-after-future-date':
      return problem(503, 'SERVICE_UNAVAILABLE', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' })
    case 'retry-after-past-date':
      return problem(503, 'SERVICE_UNAVAILABLE', { 'retry-after': 'Sun, 06 Nov 1994 08:49:37 GMT' })
    case 'ratelimit-field':
      return problem(429, 'RATE_LIMITED', { ratelimit: '"default";r=0;t=1e9, "x";r=;t=-5' })
    case 'empty-503':
      return res.writeHead(503).end()
    case 'problem-400':
      return problem(400, 'VALIDATION_ERROR')
    case 'status-999':
      return res.writeHead(599, { 'content-type': 'application/json' }).end('{"error":{"code":"WEIRD"}}')
  }
}

export interface ChaosServer {
  readonly url: string
  readonly counts: Record<string, number>
  close(): Promise<void>
}

/** A loopback server answering each request with a misbehaviour picked by `pick` (seeded by the test). */
export async function startChaosServer(pick: () => ChaosKind): Promise<ChaosServer> {
  const counts: Record<string, number> = {}
  const server: Server = createServer((req, res) => {
    req.resume()
    const kind = pick()
    counts[kind] = (counts[kind] ?? 0) + 1
    play(kind, res)
  })
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
