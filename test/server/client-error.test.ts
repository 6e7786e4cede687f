import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientErrorHandler as fastifyClientErrors, faultline } from '../../src/adapters/fastify.js'
import { clientErrorHandler, createHandler } from '../../src/adapters/node.js'
import { standardCatalog } from '../../src/catalog/define.js'
import { formats } from '../../src/formats/index.js'
import { rawRequest } from '../hardening/support/raw-http.js'

const options = { catalog: standardCatalog, onError: false as const }

/** Requests node's HTTP parser refuses before any framework runs. */
const MALFORMED = [
  ['a negative Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
  ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
  [
    'a broken chunk size',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
  ],
  ['a control character in a header', 'GET / HTTP/1.1\r\nHost: x\r\nX-Test: a\x01b\r\n\r\n'],
] as const

describe.each(['node', 'fastify'] as const)(
  'malformed HTTP refused by the parser answers an envelope (%s)',
  (kind) => {
    let port: number
    let node: Server | undefined
    let fastify: FastifyInstance | undefined

    beforeAll(async () => {
      if (kind === 'node') {
        node = createServer(createHandler(() => ({ ok: true }), options))
        node.on('clientError', clientErrorHandler(options))
        await new Promise<void>((resolve) => node!.listen(0, '127.0.0.1', resolve))
        port = (node.address() as AddressInfo).port
      } else {
        fastify = Fastify({ clientErrorHandler: fastifyClientErrors(options) })
        faultline(fastify, options)
        fastify.get('/', async () => ({ ok: true }))
        fastify.post('/', async () => ({ ok: true }))
        await fastify.listen({ port: 0, host: '127.0.0.1' })
        port = (fastify.server.address() as AddressInfo).port
      }
    })

    afterAll(async () => {
      await new Promise((resolve) => (node ? node.close(resolve) : resolve(undefined)))
      await fastify?.close()
    })

    it.each(MALFORMED)(
      '%s → 400 BAD_REQUEST problem envelope with a request id, connection closed',
      async (_name, raw) => {
        const answer = await rawRequest(port, [raw], { timeoutMs: 5_000 })
        expect(answer.status).toBe(400)
        expect(answer.headers['content-type']).toBe('application/problem+json')
        expect(answer.headers.connection).toBe('close')
        expect(answer.headers['x-request-id']).toMatch(/^req_/)
        const [parsed] = formats.problem.parse({ status: 400, body: JSON.parse(answer.body) })
        expect(parsed).toMatchObject({ code: 'BAD_REQUEST', status: 400, message: 'Malformed HTTP request' })
      },
    )
  },
)
