import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { APIError } from './errors/api-error.js'
import { errorClassFor } from './errors/status-classes.js'
import { parseError, parseErrorSync } from './parse-error.js'

const status = fc.oneof(
  fc.integer({ min: 100, max: 999 }),
  fc.constantFrom(
    Number.NaN,
    -1,
    0,
    1.5,
    Number.POSITIVE_INFINITY,
    1e21,
    '503',
    ' 404 ',
    'abc',
    null,
    undefined,
  ),
  fc.anything(),
)

const headerName = fc.oneof(
  fc.constantFrom(
    'retry-after',
    'Retry-After',
    'retry-after-ms',
    'ratelimit',
    'x-request-id',
    'x-should-retry',
    'content-type',
  ),
  fc.string(),
)
const headerValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '2',
    '0',
    '-1',
    '1.5',
    'Wed, 21 Oct 2015 07:28:00 GMT',
    '"default";r=0;t=5',
    'true',
    'false',
  ),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.integer(),
  fc.anything(),
)
const headers = fc.oneof(fc.dictionary(headerName, headerValue, { maxKeys: 6 }), fc.anything())

/** Bodies shaped like each envelope, with any values in their fields, so the parsers' deeper paths run. */
const field = fc.oneof(fc.string(), fc.anything())
const envelope = fc.oneof(
  fc.record({ error: field, code: field, statusCode: field }, { requiredKeys: [] }),
  fc.record({ error: fc.oneof(field, fc.record({ message: field, type: field, details: field })) }),
  fc.record({
    status: fc.constant('error'),
    error: fc.string(),
    message: field,
    details: field,
    errors: field,
  }),
  fc.record({
    data: fc.constant(null),
    meta: field,
    errors: fc.array(fc.record({ code: field, message: field, field })),
  }),
  fc.record({ error: fc.record({ code: fc.string(), message: field, requestId: field, details: field }) }),
  fc.record(
    {
      type: field,
      title: field,
      status: field,
      detail: field,
      code: field,
      errors: fc.array(fc.record({ pointer: field, detail: field })),
    },
    { requiredKeys: [] },
  ),
)
const body = fc.oneof(
  envelope,
  envelope.map((value) => JSON.stringify(value)),
  envelope.map((value) => JSON.stringify(value).slice(0, -3)),
  fc.json(),
  fc.string(),
  fc.uint8Array({ maxLength: 64 }),
  fc.anything(),
)

describe('parseErrorSync fuzz', () => {
  it('always returns an APIError of the status’s class, never throws', () => {
    fc.assert(
      fc.property(status, headers, body, (s, h, b) => {
        const error = parseErrorSync({ status: s as number, headers: h as never, body: b })
        expect(error).toBeInstanceOf(APIError)
        expect(error).toBeInstanceOf(errorClassFor(error.status))
        expect(Number.isSafeInteger(error.status) && error.status >= 0).toBe(true)
        expect(typeof error.message).toBe('string')
        expect(typeof error.retryable).toBe('boolean')
        expect(error.code === undefined || typeof error.code === 'string').toBe(true)
        expect(
          error.retryAfter === undefined || (Number.isFinite(error.retryAfter) && error.retryAfter >= 0),
        ).toBe(true)
        for (const value of Object.values(error.headers)) expect(typeof value).toBe('string')
      }),
      { numRuns: 10_000 },
    )
  })
})

describe('parseError fuzz with fetch Responses', () => {
  it('always resolves to an APIError for any bytes and status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 400, max: 599 }),
        fc.oneof(
          fc.uint8Array({ maxLength: 256 }),
          envelope.map((value) => new TextEncoder().encode(JSON.stringify(value))),
        ),
        async (s, bytes) => {
          const error = await parseError(new Response(bytes, { status: s }))
          expect(error).toBeInstanceOf(APIError)
          expect(error.status).toBe(s)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
