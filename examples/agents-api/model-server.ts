import { createServer, type Server } from 'node:http'

/**
 * A stand-in model provider on loopback: it "generates" `maxTokens` words at each model's speed,
 * so latency is real and a large request really outlasts the API's time budget. It also serves a
 * tool-site manifest, so the vault has a site to fetch from.
 *
 * Models: `fast-1` (2,000 tokens/s), `slow-1` (20 tokens/s), `legacy-0` (answers in an older response
 * shape the API does not understand). Unknown models get the provider's own 400.
 */
const SPEED: Record<string, number> = { 'fast-1': 2000, 'slow-1': 20, 'legacy-0': 2000 }

export interface ModelServer {
  readonly url: string
  close(): Promise<void>
}

function words(n: number): string[] {
  const vocabulary = ['error', 'code', 'status', 'retry', 'catalog', 'envelope', 'client', 'server']
  return Array.from({ length: n }, (_, i) => vocabulary[i % vocabulary.length]!)
}

function handle(server: Server) {
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://model.local')
    if (req.method === 'GET' && url.pathname === '/.well-known/agent-manifest.json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          name: 'Demo tools',
          version: '1.0.0',
          tools: [{ id: 'search', description: 'Search' }],
        }),
      )
      return
    }
    if (req.method !== 'POST' || (url.pathname !== '/v1/generate' && url.pathname !== '/v1/stream')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
      return
    }
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      raw += chunk
    })
    req.on('end', () => {
      let body: { model?: string; prompt?: string; maxTokens?: number }
      try {
        body = JSON.parse(raw)
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad json"}')
        return
      }
      const speed = SPEED[body.model ?? '']
      if (speed === undefined) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"unknown model"}')
        return
      }
      const tokens = words(Math.max(1, Math.min(body.maxTokens ?? 16, 10_000)))
      const perToken = 1000 / speed
      if (url.pathname === '/v1/stream') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
        let i = 0
        const timer = setInterval(() => {
          if (i >= tokens.length) {
            clearInterval(timer)
            res.end()
            return
          }
          res.write(`${tokens[i++]} `)
        }, perToken)
        res.on('close', () => clearInterval(timer))
        return
      }
      const timer = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' })
        const text = tokens.join(' ')
        res.end(
          JSON.stringify(
            body.model === 'legacy-0' ? { completion: text } : { output: { text }, tokens: tokens.length },
          ),
        )
      }, tokens.length * perToken)
      res.on('close', () => clearTimeout(timer))
    })
  })
}

export async function startModelServer(port = 0): Promise<ModelServer> {
  const server = createServer()
  handle(server)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('model server has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
