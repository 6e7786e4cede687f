import { describe, expect, it } from 'vitest'
import { defineErrors, type ErrorFormat, formats, standardErrors } from '../index.js'
import { APIError } from './errors/api-error.js'
import { BadRequestError } from './errors/bad-request-error.js'
import { InternalServerError } from './errors/internal-server-error.js'
import { NotFoundError } from './errors/not-found-error.js'
import { RateLimitError } from './errors/rate-limit-error.js'
import { parseError, parseErrorSync } from './parse-error.js'

const nestedBody = { error: { code: 'NOT_FOUND', message: 'Agent not found', requestId: 'req_b' } }

describe('parseErrorSync with any client’s response record', () => {
  it('reads an axios-style record: parsed body, mixed-case headers, array values', () => {
    const error = parseErrorSync({
      status: 429,
      headers: { 'Retry-After': ['3'], 'X-Request-Id': 'hdr-1', 'Content-Type': 'application/json' },
      body: { status: 'error', error: 'rate_limit_exceeded', message: 'Slow down', details: {} },
    })
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error.retryAfter).toBe(3)
    expect(error.requestId).toBe('hdr-1')
    expect(error.headers).toEqual({
      'retry-after': '3',
      'x-request-id': 'hdr-1',
      'content-type': 'application/json',
    })
  })

  it('decodes a Buffer, a Uint8Array and an ArrayBuffer body', () => {
    const text = JSON.stringify(nestedBody)
    for (const body of [
      Buffer.from(text),
      new TextEncoder().encode(text),
      new TextEncoder().encode(text).buffer,
    ]) {
      const error = parseErrorSync({ status: 404, body })
      expect(error).toBeInstanceOf(NotFoundError)
      expect(error.code).toBe('NOT_FOUND')
      expect(error.requestId).toBe('req_b')
      expect(error.body).toBe(body)
    }
  })

  it('prefers the body’s request id over the header', () => {
    const error = parseErrorSync({
      status: 404,
      headers: { 'x-request-id': 'from-header' },
      body: nestedBody,
    })
    expect(error.requestId).toBe('req_b')
  })

  it('gives a status-only error for an undefined body', () => {
    const error = parseErrorSync({ status: 500, body: undefined })
    expect(error).toBeInstanceOf(InternalServerError)
    expect(error.message).toBe('500 Internal Server Error')
    expect(error.code).toBeUndefined()
    expect(error.retryable).toBe(true)
  })

  it('uses a short plain-text body as the message', () => {
    const error = parseErrorSync({
      status: 503,
      body: 'upstream connect error or disconnect/reset before headers',
    })
    expect(error.message).toBe('upstream connect error or disconnect/reset before headers')
  })

  it('uses a configured custom ErrorFormat before auto-detection', () => {
    const custom: ErrorFormat = {
      ...formats.flat,
      name: 'legacy',
      matches: (body) => typeof body === 'object' && body !== null && 'fault' in body,
      parse: (response) => {
        const fault = (response.body as { fault: { id: string; text: string; ref: string } }).fault
        return [{ code: fault.id, status: response.status, message: fault.text, requestId: fault.ref }]
      },
    }
    const error = parseErrorSync(
      { status: 400, body: { fault: { id: 'BAD_INPUT', text: 'bad input', ref: 'r-9' } } },
      { format: custom },
    )
    expect(error).toBeInstanceOf(BadRequestError)
    expect(error).toMatchObject({ code: 'BAD_INPUT', message: 'bad input', requestId: 'r-9' })
  })

  it('survives a custom format that throws or returns garbage', () => {
    const throwing: ErrorFormat = {
      ...formats.flat,
      parse: () => {
        throw new Error('broken format')
      },
    }
    const garbage = {
      ...formats.flat,
      parse: () => [null, 42, { code: 7, message: {} }],
    } as unknown as ErrorFormat
    expect(parseErrorSync({ status: 404, body: nestedBody }, { format: throwing }).code).toBe('NOT_FOUND')
    const fromGarbage = parseErrorSync({ status: 404, body: undefined }, { format: garbage })
    expect(fromGarbage).toBeInstanceOf(NotFoundError)
    expect(fromGarbage.code).toBeUndefined()
    expect(fromGarbage.message).toBe('404 Not Found')
  })

  it('takes retryability from the catalog’s guidance, and the message when the body has none', () => {
    const catalog = defineErrors({
      ...standardErrors,
      PLAN_LIMIT_REACHED: { status: 402, message: 'Plan limit reached' },
      MAINTENANCE: { status: 503, message: 'Down for maintenance', retry: 'never' },
    })
    const reduced = parseErrorSync(
      { status: 402, body: { error: { code: 'PLAN_LIMIT_REACHED' } } },
      { catalog },
    )
    expect(reduced.message).toBe('Plan limit reached')
    const maintenance = parseErrorSync(
      { status: 503, body: { error: { code: 'MAINTENANCE', message: 'm' } } },
      { catalog },
    )
    expect(maintenance.retryable).toBe(false)
    const unknown = parseErrorSync(
      { status: 503, body: { error: { code: 'OTHER', message: 'm' } } },
      { catalog },
    )
    expect(unknown.retryable).toBe(true)
  })

  it('lets x-should-retry override the status default', () => {
    expect(parseErrorSync({ status: 503, headers: { 'x-should-retry': 'false' }, body: '' }).retryable).toBe(
      false,
    )
    expect(parseErrorSync({ status: 409, headers: { 'x-should-retry': 'true' }, body: '' }).retryable).toBe(
      true,
    )
  })

  it('turns nonsense statuses into status 0 APIErrors', () => {
    for (const status of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY, 'abc', null, {}] as unknown[]) {
      const error = parseErrorSync({ status: status as number, body: nestedBody })
      expect(error.constructor).toBe(APIError)
      expect(error.status).toBe(0)
      expect(error.code).toBe('NOT_FOUND')
    }
    expect(parseErrorSync({ status: '404' as unknown as number, body: undefined })).toBeInstanceOf(
      NotFoundError,
    )
  })

  it('never throws for hostile inputs', () => {
    const hostileBody = new Proxy(
      {},
      {
        get() {
          throw new Error('getter')
        },
        ownKeys() {
          throw new Error('keys')
        },
      },
    )
    const hostileHeaders = {
      get foo() {
        throw new Error('header getter')
      },
    }
    expect(
      parseErrorSync({ status: 500, headers: hostileHeaders as never, body: hostileBody }),
    ).toBeInstanceOf(InternalServerError)
    expect(parseErrorSync(null as never)).toBeInstanceOf(APIError)
    expect(parseErrorSync(undefined as never)).toBeInstanceOf(APIError)
  })

  it('reads a problem+json body whose type URI is malformed', () => {
    const error = parseErrorSync({
      status: 400,
      body: { type: 'https://x.test/errors/%E0%A4%A', title: 'Bad' },
    })
    expect(error).toBeInstanceOf(BadRequestError)
    expect(error.status).toBe(400)
  })
})

describe('parseError with a fetch Response', () => {
  it('reads at most maxBodyBytes of the body', async () => {
    const big = 'x'.repeat(100_000)
    const error = await parseError(new Response(big, { status: 502 }), { maxBodyBytes: 1000 })
    expect(error).toBeInstanceOf(InternalServerError)
    expect((error.body as string).length).toBe(1000)
  })

  it('resolves even when the body stream fails midway', async () => {
    let sent = false
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true
          controller.enqueue(new TextEncoder().encode('{"error":{"code":"NOT_'))
          return
        }
        controller.error(new Error('socket hang up'))
      },
    })
    const error = await parseError(new Response(stream, { status: 404 }))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.body).toBe('{"error":{"code":"NOT_')
  })

  it('accepts the record form too', async () => {
    const error = await parseError({ status: 404, body: nestedBody })
    expect(error).toBeInstanceOf(NotFoundError)
  })
})
