import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createClient,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  parseError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/client/index.js'
import { type FaultServer, type FaultStep, startFaultServer } from './fault-server.js'

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer()
})

afterAll(async () => {
  await server.close()
})

/** Serves one documented response over real HTTP and returns what the client raised for it. */
async function raised(step: FaultStep): Promise<APIError> {
  server.script(step)
  const client = createClient({ baseUrl: server.url, retry: false })
  try {
    await client.get('/resource')
  } catch (error) {
    if (error instanceof APIError) return error
    throw error
  }
  throw new Error('expected an error')
}

interface Expected {
  readonly errorClass: abstract new (...args: any[]) => APIError
  readonly status: number
  readonly code: string | undefined
  readonly message: string
  readonly requestId?: string | undefined
  readonly details?: unknown
}

function expectError(error: APIError, expected: Expected): void {
  expect(error).toBeInstanceOf(expected.errorClass)
  expect(error).toBeInstanceOf(Error)
  expect(error.status).toBe(expected.status)
  expect(error.code).toBe(expected.code)
  expect(error.message).toBe(expected.message)
  expect(error.requestId).toBe(expected.requestId)
  expect(error.details).toEqual(expected.details)
}

describe('seed 000: flat { error, code, statusCode }', () => {
  const cases: Array<[string, number, string, Expected['errorClass']]> = [
    ['The JWT has expired', 401, 'TOKEN_EXPIRED', AuthenticationError],
    ['The endpoint requires admin privileges', 403, 'ADMIN_REQUIRED', PermissionDeniedError],
    ['Insufficient credit balance for the requested operation', 402, 'NO_CREDITS', PaymentRequiredError],
    ['No agent found with the provided ID', 404, 'AGENT_NOT_FOUND', NotFoundError],
    ['The agent already has an active run', 409, 'AGENT_ALREADY_RUNNING', ConflictError],
    [
      'The manifest JSON is malformed or missing required fields',
      422,
      'MANIFEST_INVALID',
      UnprocessableEntityError,
    ],
    ['Too many requests in the time window', 429, 'RATE_LIMITED', RateLimitError],
    ['The session has expired', 410, 'SESSION_EXPIRED', APIError],
    ['The AI provider returned an error', 502, 'MODEL_ERROR', InternalServerError],
  ]
  for (const [message, status, code, errorClass] of cases) {
    it(`${status} ${code}`, async () => {
      const error = await raised({
        status,
        headers: { 'x-request-id': `req-${code}` },
        body: { error: message, code, statusCode: status },
      })
      expectError(error, { errorClass, status, code, message, requestId: `req-${code}` })
    })
  }
})

describe('seed 001: both plain shapes', () => {
  it('route-level validation: { error: "message" }', async () => {
    const message =
      'Identifier must be 1-50 characters, start with a letter or number, and contain only lowercase letters, numbers, and hyphens'
    const error = await raised({ status: 400, body: { error: message } })
    expectError(error, { errorClass: BadRequestError, status: 400, code: 'VALIDATION_ERROR', message })
  })

  it('every other error: { error: { message, type } }', async () => {
    const error = await raised({
      status: 409,
      headers: { 'x-request-id': 'r-409' },
      body: { error: { message: 'An agent with this identifier already exists', type: 'conflict' } },
    })
    expectError(error, {
      errorClass: ConflictError,
      status: 409,
      code: 'conflict',
      message: 'An agent with this identifier already exists',
      requestId: 'r-409',
    })
  })
})

describe("seed 002: { status: 'error', error, message, details }", () => {
  it('429 rate_limit_exceeded with Retry-After 42 is a RateLimitError with retryAfter 42', async () => {
    const error = await raised({
      status: 429,
      headers: { 'retry-after': '42', 'x-request-id': 'req_42' },
      body: {
        status: 'error',
        error: 'rate_limit_exceeded',
        message: 'Too many requests. Retry after 42 seconds.',
        details: {},
      },
    })
    expectError(error, {
      errorClass: RateLimitError,
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'Too many requests. Retry after 42 seconds.',
      requestId: 'req_42',
    })
    expect(error.retryAfter).toBe(42)
    expect(error.retryable).toBe(true)
  })

  const cases: Array<[number, string, string, Expected['errorClass']]> = [
    [401, 'key_revoked', 'API key has been revoked', AuthenticationError],
    [403, 'insufficient_scope', 'Key lacks a required scope for this endpoint', PermissionDeniedError],
    [402, 'quota_exceeded', 'Organization compute quota exhausted', PaymentRequiredError],
    [404, 'not_found', 'The requested resource does not exist', NotFoundError],
    [500, 'agent_error', 'The agent encountered an error while processing your request', InternalServerError],
  ]
  for (const [status, code, message, errorClass] of cases) {
    it(`${status} ${code}`, async () => {
      const error = await raised({ status, body: { status: 'error', error: code, message, details: {} } })
      expectError(error, { errorClass, status, code, message })
    })
  }

  it('400 validation_error carries the errors array as issues', async () => {
    const error = await raised({
      status: 400,
      body: {
        status: 'error',
        error: 'validation_error',
        message: 'Missing or invalid request parameters',
        details: {},
        errors: [{ field: 'workspace_id', message: 'Required' }],
      },
    })
    const issues = [{ path: ['workspace_id'], message: 'Required' }]
    expectError(error, {
      errorClass: BadRequestError,
      status: 400,
      code: 'validation_error',
      message: 'Missing or invalid request parameters',
      details: { issues },
    })
    expect((error as BadRequestError).issues).toEqual(issues)
  })
})

describe('seed 003: { data: null, meta, errors: [...] }', () => {
  it('several field errors are one validation error with the request id from meta', async () => {
    const error = await raised({
      status: 400,
      body: {
        data: null,
        meta: { requestId: '01912345-6789-7abc-def0-123456789abc', timestamp: '2026-03-07T12:00:00.000Z' },
        errors: [
          { code: 'VALIDATION_ERROR', message: 'email is required', field: 'email' },
          { code: 'VALIDATION_ERROR', message: 'name is too long', field: 'name' },
        ],
      },
    })
    const issues = [
      { path: ['email'], message: 'email is required' },
      { path: ['name'], message: 'name is too long' },
    ]
    expectError(error, {
      errorClass: BadRequestError,
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'email is required',
      requestId: '01912345-6789-7abc-def0-123456789abc',
      details: { issues },
    })
    expect((error as BadRequestError).issues).toEqual(issues)
  })

  it('errors of different codes all stay on the error, the first one leading', async () => {
    const error = await raised({
      status: 403,
      body: {
        data: null,
        meta: { requestId: 'req-multi' },
        errors: [
          { code: 'DELEGATION_EXCEEDED', message: 'Transaction exceeds delegation rules' },
          { code: 'HUMAN_APPROVAL_REQUIRED', message: 'Transaction requires human approval' },
        ],
      },
    })
    expectError(error, {
      errorClass: PermissionDeniedError,
      status: 403,
      code: 'DELEGATION_EXCEEDED',
      message: 'Transaction exceeds delegation rules',
      requestId: 'req-multi',
    })
    expect(error.errors.map((item) => item.code)).toEqual(['DELEGATION_EXCEEDED', 'HUMAN_APPROVAL_REQUIRED'])
  })

  it('422 IDEMPOTENCY_MISMATCH', async () => {
    const error = await raised({
      status: 422,
      body: {
        data: null,
        meta: { requestId: 'req-422' },
        errors: [
          { code: 'IDEMPOTENCY_MISMATCH', message: 'Idempotency-Key reused with different parameters' },
        ],
      },
    })
    expectError(error, {
      errorClass: UnprocessableEntityError,
      status: 422,
      code: 'IDEMPOTENCY_MISMATCH',
      message: 'Idempotency-Key reused with different parameters',
      requestId: 'req-422',
    })
  })
})

describe('seed 004: nested { error: { code, message, requestId, details } } and the public variant', () => {
  it('validation error with Zod issues in details', async () => {
    const details = { issues: [{ path: ['clientUrl'], message: 'Invalid url' }] }
    const error = await raised({
      status: 400,
      body: {
        error: { code: 'VALIDATION_ERROR', message: 'Invalid request body', requestId: 'req_v', details },
      },
    })
    expectError(error, {
      errorClass: BadRequestError,
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'Invalid request body',
      requestId: 'req_v',
      details,
    })
    expect((error as BadRequestError).issues).toEqual(details.issues)
  })

  it('402 PLAN_LIMIT_REACHED keeps its details', async () => {
    const details = { resource: 'bots', limit: 3 }
    const error = await raised({
      status: 402,
      body: {
        error: {
          code: 'PLAN_LIMIT_REACHED',
          message: 'Your plan allows 3 bots',
          requestId: 'req_p',
          details,
        },
      },
    })
    expectError(error, {
      errorClass: PaymentRequiredError,
      status: 402,
      code: 'PLAN_LIMIT_REACHED',
      message: 'Your plan allows 3 bots',
      requestId: 'req_p',
      details,
    })
    expect(error.retryable).toBe(false)
  })

  it('503 UPSTREAM_UNAVAILABLE', async () => {
    const error = await raised({
      status: 503,
      body: {
        error: { code: 'UPSTREAM_UNAVAILABLE', message: 'A dependent upstream service is unreachable' },
      },
    })
    expectError(error, {
      errorClass: InternalServerError,
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'A dependent upstream service is unreachable',
    })
    expect(error.retryable).toBe(true)
  })

  it('the reduced public variant { error: { code } } gets the status phrase as message', async () => {
    const error = await raised({
      status: 404,
      headers: { 'x-request-id': 'pub-1' },
      body: { error: { code: 'NOT_FOUND' } },
    })
    expectError(error, {
      errorClass: NotFoundError,
      status: 404,
      code: 'NOT_FOUND',
      message: '404 Not Found',
      requestId: 'pub-1',
    })
  })
})

describe('RFC 9457 problem+json', () => {
  it('reads code, detail, request id and field errors', async () => {
    const error = await raised({
      status: 422,
      headers: { 'content-type': 'application/problem+json' },
      body: {
        type: 'https://api.example.com/errors#MANIFEST_INVALID',
        title: 'Manifest invalid',
        status: 422,
        detail: 'The manifest JSON is malformed',
        instance: '/vault/manifests',
        code: 'MANIFEST_INVALID',
        requestId: 'req_problem',
        errors: [{ detail: 'is required', pointer: '/name' }],
      },
    })
    expectError(error, {
      errorClass: UnprocessableEntityError,
      status: 422,
      code: 'MANIFEST_INVALID',
      message: 'The manifest JSON is malformed',
      requestId: 'req_problem',
      details: { issues: [{ path: ['name'], message: 'is required' }] },
    })
    expect(error.type).toBe('https://api.example.com/errors#MANIFEST_INVALID')
  })

  it('takes the code from the type URI when no code member is present', async () => {
    const error = await raised({
      status: 403,
      headers: { 'content-type': 'application/problem+json' },
      body: { type: 'https://api.example.com/errors/FORBIDDEN', title: 'Forbidden', status: 403 },
    })
    expectError(error, {
      errorClass: PermissionDeniedError,
      status: 403,
      code: 'FORBIDDEN',
      message: 'Forbidden',
    })
  })
})

describe('bodies that are not an envelope', () => {
  it('an HTML 502 page from a proxy', async () => {
    const html =
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>'
    const error = await raised({
      status: 502,
      headers: { 'content-type': 'text/html', 'x-request-id': 'edge-1' },
      body: html,
    })
    expectError(error, {
      errorClass: InternalServerError,
      status: 502,
      code: undefined,
      message: '502 Bad Gateway',
      requestId: 'edge-1',
    })
    expect(error.body).toBe(html)
  })

  it('an empty body', async () => {
    const error = await raised({ status: 503 })
    expectError(error, {
      errorClass: InternalServerError,
      status: 503,
      code: undefined,
      message: '503 Service Unavailable',
    })
    expect(error.body).toBe('')
  })

  it('truncated JSON', async () => {
    const truncated = '{"error":{"code":"NOT_FOUND","message":"Agent n'
    const error = await raised({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: truncated,
    })
    expectError(error, { errorClass: NotFoundError, status: 404, code: undefined, message: '404 Not Found' })
    expect(error.body).toBe(truncated)
  })

  it('JSON sent with a wrong content type still parses', async () => {
    const error = await raised({
      status: 401,
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({
        error: 'No valid authentication token provided',
        code: 'UNAUTHORIZED',
        statusCode: 401,
      }),
    })
    expectError(error, {
      errorClass: AuthenticationError,
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'No valid authentication token provided',
    })
  })

  it('a fetch Response handed to parseError directly', async () => {
    server.script({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { code: 'RATE_LIMITED', message: 'Slow down' } },
    })
    const response = await fetch(`${server.url}/direct`)
    const error = await parseError(response)
    expect(error).toBeInstanceOf(RateLimitError)
    expect(error.retryAfter).toBe(7)
    expect(error.headers['retry-after']).toBe('7')
    expect(error.headers['content-type']).toBe('application/json')
  })
})
