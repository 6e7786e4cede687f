import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the server does with one request, in script order. */
export type FaultStep =
  | {
      readonly status: number
      readonly headers?: Readonly<Record<string, string>>
      /** An object is sent as JSON; a string as is. */
      readonly body?: string | object
    }
  | { readonly reset: true }
  | { readonly hang: true }

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  /** performance.now() when the request arrived. */
  readonly at: number
}

export interface FaultServer {
  readonly url: string
  /** Replaces the script; each request takes the next step. */
  script(...steps: FaultStep[]): void
  readonly hits: RecordedRequest[]
  close(): Promise<void>
}

/** A real HTTP server on loopback whose answers are scripted per test: statuses, resets, hangs. */
export async function startFaultServer(): Promise<FaultServer> {
  let steps: FaultStep[] = []
  const hits: RecordedRequest[] = []
  const server: Server = createServer((req, res) => {
    const at = performance.now()
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      hits.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at,
      })
      play(steps.shift(), res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    script(...next) {
      steps = [...next]
      hits.length = 0
    },
    hits,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function play(step: FaultStep | undefined, res: ServerResponse): void {
  if (step === undefined) {
    res.writeHead(599, { 'content-type': 'text/plain' }).end('no scripted step left')
    return
  }
  if ('reset' in step) {
    res.socket?.destroy()
    return
  }
  // A hanging response is ended by closeAllConnections() when the server closes.
  if ('hang' in step) return
  const isJson = typeof step.body === 'object'
  const body = step.body === undefined ? '' : isJson ? JSON.stringify(step.body) : String(step.body)
  const headers: Record<string, string> = { ...step.headers }
  if (isJson && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json'
  }
  res.writeHead(step.status, headers).end(body)
}
