import { type ErrorFormat, type FaultlineError, formats, type RenderContext } from 'faultline'
import { describe, expect, it } from 'vitest'
import agentsPlatformErrors, { format as seed000Format } from './000-agents-platform.js'
import agentGatewayErrors, { format as seed001Format } from './001-agent-gateway.js'
import knowledgeApiErrors, { format as seed002Format } from './002-knowledge-api.js'
import agentPaymentsErrors, { format as seed003Format } from './003-agent-payments.js'
import chatbotAgencyErrors, {
  format as seed004Format,
  publicFormat as seed004PublicFormat,
} from './004-chatbot-agency.js'

/**
 * Each seed's documented example, copied as the page prints it (its own line breaks and spacing).
 * A rendered body must serialize to the same JSON, key order included, once whitespace is normalized.
 */
const SEED_000_EXAMPLE = `{
  "error": "Human-readable error description",
  "code": "ERROR_CODE",
  "statusCode": 400
}`

const SEED_002_EXAMPLE = `{
"status": "error",
"error": "rate_limit_exceeded",
"message": "Too many requests. Retry after 42 seconds.",
"details": {}
}`

const SEED_003_EXAMPLE = `{ "data": null, "meta": { "requestId": "01912345-6789-7abc-def0-123456789abc", "timestamp": "2026-03-07T12:00:00.000Z" }, "errors": [ { "code": "VALIDATION_ERROR", "message": "email is required", "field": "email" } ]}`

const SEED_004_EXAMPLE = `{
"error": {
"code": "UNAUTHENTICATED",
"message": "Human-readable description",
"requestId": "req_...",
"details": { "optional": "per-error context" }
}
}`

const SEED_004_VALIDATION_EXAMPLE = `{
"error": {
"code": "VALIDATION_ERROR",
"message": "Invalid request body",
"details": {
"issues": [
{ "path": ["clientUrl"], "message": "Invalid url" }
]
}
}
}`

const SEED_004_PUBLIC_EXAMPLE = `{ "error": { "code": "..." } }`

/** Whitespace outside strings does not count; everything else, key order included, does. */
function normalizedJson(text: string): string {
  return JSON.stringify(JSON.parse(text))
}

function renderJson(format: ErrorFormat, error: FaultlineError, context?: RenderContext) {
  const rendered = format.render(error, context)
  return { ...rendered, json: JSON.stringify(rendered.body) }
}

/** Parses a documented body as a client would receive it. */
function parseDocumented(format: ErrorFormat, status: number, text: string) {
  const body = JSON.parse(text)
  expect(format.matches(body)).toBe(true)
  return format.parse({ status, headers: {}, body })
}

describe('seed 000: flat { error, code, statusCode }', () => {
  const format = formats[seed000Format]

  it('renders the documented example exactly', () => {
    const withExample = agentsPlatformErrors.extend({
      ERROR_CODE: { status: 400, message: 'Human-readable error description' },
    })
    const { status, json, headers } = renderJson(format, withExample.ERROR_CODE())
    expect(json).toBe(normalizedJson(SEED_000_EXAMPLE))
    expect(status).toBe(400)
    expect(headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('parses the documented example back to its code, status and message', () => {
    expect(parseDocumented(format, 400, SEED_000_EXAMPLE)).toEqual([
      {
        code: 'ERROR_CODE',
        status: 400,
        message: 'Human-readable error description',
        requestId: undefined,
      },
    ])
  })

  it('renders a catalog code in the same shape, its description as the message', () => {
    const { json } = renderJson(format, agentsPlatformErrors.AGENT_NOT_FOUND())
    expect(json).toBe(
      '{"error":"No agent found with the provided ID","code":"AGENT_NOT_FOUND","statusCode":404}',
    )
    const [parsed] = format.parse({ status: 404, body: JSON.parse(json) })
    expect(parsed).toMatchObject({ code: 'AGENT_NOT_FOUND', status: 404 })
  })

  it('keeps every documented code, status, group and resolution', () => {
    expect(agentsPlatformErrors.codes).toHaveLength(40)
    expect(agentsPlatformErrors.entries.OUTGOING_RATE_LIMITED).toMatchObject({
      status: 429,
      group: 'Rate Limiting Errors',
      description: 'Too many outgoing tool calls to a site (10/min per domain)',
      resolution: 'Wait 60 seconds before retrying',
      retry: { strategy: 'retry-after' },
    })
    expect(agentsPlatformErrors.entries.SESSION_EXPIRED.status).toBe(410)
    expect(agentsPlatformErrors.roleEntry('clientClosed').code).toBe('STREAM_ABORTED')
    const groups = new Set(agentsPlatformErrors.codes.map((code) => agentsPlatformErrors.entries[code].group))
    expect([...groups]).toEqual([
      'Authentication Errors',
      'Rate Limiting Errors',
      'Credit and Billing Errors',
      'Tier and Access Errors',
      'Session Errors',
      'Chat Errors',
      'Vault Errors',
      'Agent Errors',
      'Webhook Errors',
      'Validation Errors',
      'Workspace Errors',
    ])
  })
})

describe('seed 001: plain, a flat string for route-level validation, { message, type } otherwise', () => {
  const format = formats[seed001Format]
  const zodMessage = 'Too small: expected string to have >=1 characters'

  it('renders route-level validation as a flat error string', () => {
    const { json, status } = renderJson(format, agentGatewayErrors.VALIDATION_ERROR({ message: zodMessage }))
    expect(json).toBe(normalizedJson(`{ "error": "${zodMessage}" }`))
    expect(status).toBe(400)
  })

  it('takes the validation message from the first issue when none is given', () => {
    const error = agentGatewayErrors.VALIDATION_ERROR({
      details: { issues: [{ path: ['name'], message: zodMessage }] },
    })
    expect(error.message).toBe(zodMessage)
    expect((format.render(error).body as { error: string }).error).toBe(zodMessage)
  })

  it('renders every other error as { error: { message, type } } with the page text', () => {
    const { json, status } = renderJson(format, agentGatewayErrors.AGENT_IDENTIFIER_EXISTS())
    expect(json).toBe(
      normalizedJson(
        '{ "error": { "message": "An agent with this identifier already exists", "type": "AGENT_IDENTIFIER_EXISTS" } }',
      ),
    )
    expect(status).toBe(409)
  })

  it('fills the page placeholders from details', () => {
    const error = agentGatewayErrors.PROVIDER_NOT_AVAILABLE({ details: { provider: 'github' } })
    expect(error.message).toBe('Provider "github" is not available')
    expect(agentGatewayErrors.UNKNOWN_TOOL({ details: { toolId: 'send_mail' } }).message).toBe(
      'Unknown tool: send_mail',
    )
    expect(agentGatewayErrors.CREDENTIAL_FIELD_REQUIRED({ details: { field: 'apiKey' } }).message).toBe(
      'apiKey is required',
    )
  })

  it('parses both shapes back (a client reads error when a string, else error.message)', () => {
    expect(parseDocumented(format, 400, `{ "error": "${zodMessage}" }`)).toEqual([
      { code: 'VALIDATION_ERROR', status: 400, message: zodMessage, requestId: undefined },
    ])
    expect(
      parseDocumented(
        format,
        404,
        '{ "error": { "message": "Agent not found", "type": "AGENT_NOT_FOUND" } }',
      ),
    ).toEqual([{ code: 'AGENT_NOT_FOUND', status: 404, message: 'Agent not found', requestId: undefined }])
  })

  it('keeps the status table as titles, causes and resolutions, and the retry table as guidance', () => {
    expect(agentGatewayErrors.entries.NOT_FOUND).toMatchObject({
      title: 'Not Found',
      description: 'Resource ID doesn’t exist, wrong provider name',
      resolution:
        'Confirm the resource ID or provider name exists. Use the corresponding list endpoint to check.',
    })
    for (const code of agentGatewayErrors.codes) {
      const entry = agentGatewayErrors.entries[code]
      expect(entry.retry.strategy, code).toBe(entry.status === 500 ? 'backoff' : 'never')
    }
    const groups = new Set(agentGatewayErrors.codes.map((code) => agentGatewayErrors.entries[code].group))
    expect([...groups]).toEqual(['Error reference', 'General', 'Agents', 'Secrets', 'Rules', 'Apps'])
  })
})

describe('seed 002: status { status, error, message, details } with lower snake_case codes', () => {
  const format = formats[seed002Format]

  it('renders the documented rate-limit example exactly', () => {
    const error = knowledgeApiErrors.rate_limit_exceeded({
      message: 'Too many requests. Retry after 42 seconds.',
      headers: { 'Retry-After': '42' },
    })
    const { json, status, headers } = renderJson(format, error)
    expect(json).toBe(normalizedJson(SEED_002_EXAMPLE))
    expect(status).toBe(429)
    expect(headers['retry-after']).toBe('42')
  })

  it('parses the documented example back (empty details mean none)', () => {
    expect(parseDocumented(format, 429, SEED_002_EXAMPLE)).toEqual([
      {
        code: 'rate_limit_exceeded',
        status: 429,
        message: 'Too many requests. Retry after 42 seconds.',
        requestId: undefined,
      },
    ])
  })

  it('finds its validation and internal codes by their lower snake_case names', () => {
    expect(knowledgeApiErrors.naming).toBe('snake_case')
    expect(knowledgeApiErrors.roleEntry('validation').code).toBe('validation_error')
    expect(knowledgeApiErrors.roleEntry('internal').code).toBe('internal_error')
    expect(knowledgeApiErrors.roleEntry('unauthorized').code).toBe('auth_required')
    expect(knowledgeApiErrors.roleEntry('rateLimited').code).toBe('rate_limit_exceeded')
  })

  it('puts field-level problems in the errors array the page points to', () => {
    const error = knowledgeApiErrors.validation_error({
      details: { issues: [{ path: ['workspace_id'], message: 'Required' }] },
    })
    expect(format.render(error).body).toEqual({
      status: 'error',
      error: 'validation_error',
      message: 'Missing or invalid request parameters',
      details: {},
      errors: [{ field: 'workspace_id', message: 'Required' }],
    })
  })

  it('keeps the retry guidance of the page', () => {
    const strategy = (code: (typeof knowledgeApiErrors.codes)[number]) =>
      knowledgeApiErrors.entries[code].retry.strategy
    expect(strategy('rate_limit_exceeded')).toBe('retry-after')
    expect(strategy('agent_error')).toBe('backoff')
    expect(strategy('internal_error')).toBe('backoff')
    for (const code of ['validation_error', 'auth_required', 'insufficient_scope', 'quota_exceeded'] as const)
      expect(strategy(code)).toBe('never')
  })
})

describe('seed 003: list { data: null, meta, errors: [{ code, message, field }] }', () => {
  const format = formats[seed003Format]
  const context = {
    requestId: '01912345-6789-7abc-def0-123456789abc',
    timestamp: '2026-03-07T12:00:00.000Z',
  }

  it('renders the documented validation example exactly', () => {
    const error = agentPaymentsErrors.VALIDATION_ERROR({
      details: { issues: [{ path: ['email'], message: 'email is required' }] },
    })
    const { json, status } = renderJson(format, error, context)
    expect(json).toBe(normalizedJson(SEED_003_EXAMPLE))
    expect(status).toBe(400)
  })

  it('parses the documented example back to the code, the field issue and the request id', () => {
    expect(parseDocumented(format, 400, SEED_003_EXAMPLE)).toEqual([
      {
        code: 'VALIDATION_ERROR',
        status: 400,
        message: 'email is required',
        details: { issues: [{ path: ['email'], message: 'email is required' }] },
        requestId: '01912345-6789-7abc-def0-123456789abc',
      },
    ])
  })

  it('renders a code without a field as { code, message }', () => {
    const { body } = format.render(agentPaymentsErrors.IDEMPOTENCY_CONFLICT(), context)
    expect(body).toEqual({
      data: null,
      meta: context,
      errors: [
        {
          code: 'IDEMPOTENCY_CONFLICT',
          message: 'A request with this Idempotency-Key is currently in flight',
        },
      ],
    })
  })

  it('keeps every documented code and status', () => {
    const statuses = Object.fromEntries(
      agentPaymentsErrors.codes.map((code) => [code, agentPaymentsErrors.entries[code].status]),
    )
    expect(statuses).toEqual({
      VALIDATION_ERROR: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      INSUFFICIENT_FUNDS: 402,
      DELEGATION_EXCEEDED: 403,
      HUMAN_APPROVAL_REQUIRED: 403,
      LIMIT_EXCEEDED: 400,
      RATE_LIMITED: 429,
      INVALID_STATE_TRANSITION: 409,
      IDEMPOTENCY_CONFLICT: 409,
      IDEMPOTENCY_MISMATCH: 422,
      SCHEMA_VALIDATION_FAILED: 400,
      INTERNAL_ERROR: 500,
    })
  })
})

describe('seed 004: nested { error: { code, message, requestId, details } } and the public variant', () => {
  const format = formats[seed004Format]

  it('renders the documented UNAUTHENTICATED example exactly', () => {
    // The page's envelope example carries details on a code that has none of its own: the untyped path.
    const error = chatbotAgencyErrors.fromEntry(chatbotAgencyErrors.entries.UNAUTHENTICATED, {
      message: 'Human-readable description',
      details: { optional: 'per-error context' },
    })
    const { json, status } = renderJson(format, error, { requestId: 'req_...' })
    expect(json).toBe(normalizedJson(SEED_004_EXAMPLE))
    expect(status).toBe(401)
  })

  it('parses the documented UNAUTHENTICATED example back', () => {
    expect(parseDocumented(format, 401, SEED_004_EXAMPLE)).toEqual([
      {
        code: 'UNAUTHENTICATED',
        status: 401,
        message: 'Human-readable description',
        details: { optional: 'per-error context' },
        requestId: 'req_...',
      },
    ])
  })

  it('renders the documented validation example exactly (it has no requestId)', () => {
    const error = chatbotAgencyErrors.VALIDATION_ERROR({
      details: { issues: [{ path: ['clientUrl'], message: 'Invalid url' }] },
    })
    const { json, status } = renderJson(format, error)
    expect(json).toBe(normalizedJson(SEED_004_VALIDATION_EXAMPLE))
    expect(status).toBe(400)
    expect(parseDocumented(format, 400, SEED_004_VALIDATION_EXAMPLE)).toEqual([
      {
        code: 'VALIDATION_ERROR',
        status: 400,
        message: 'Invalid request body',
        details: { issues: [{ path: ['clientUrl'], message: 'Invalid url' }] },
        requestId: undefined,
      },
    ])
  })

  it('renders the public { error: { code } } variant', () => {
    const publicFormat = formats[seed004PublicFormat]
    const error = chatbotAgencyErrors.RATE_LIMITED()
    const { json, status } = renderJson(publicFormat, error, { requestId: 'req_123' })
    expect(json).toBe(normalizedJson(SEED_004_PUBLIC_EXAMPLE.replace('"..."', '"RATE_LIMITED"')))
    expect(status).toBe(429)
    const body = JSON.parse(SEED_004_PUBLIC_EXAMPLE)
    expect(publicFormat.parse({ status: 404, body })).toEqual([
      { code: '...', status: 404, message: '', requestId: undefined },
    ])
  })

  it('names the resource and the limit in a plan-limit message, with typed details', () => {
    const error = chatbotAgencyErrors.PLAN_LIMIT_REACHED({
      details: { resource: 'bots', limit: 3, current: 3 },
    })
    const { body, status } = format.render(error, { requestId: 'req_1' })
    expect(status).toBe(402)
    expect(body).toEqual({
      error: {
        code: 'PLAN_LIMIT_REACHED',
        message: 'Your agency has reached its plan limit of 3 bots',
        requestId: 'req_1',
        details: { resource: 'bots', limit: 3, current: 3 },
      },
    })
    expect(error.retry).toEqual({ strategy: 'never' })
  })

  it('keeps the retry guidance of the page', () => {
    expect(chatbotAgencyErrors.entries.RATE_LIMITED.retry).toEqual({ strategy: 'retry-after', attempts: 1 })
    expect(chatbotAgencyErrors.entries.INTERNAL_ERROR.retry).toEqual({ strategy: 'backoff', attempts: 5 })
    expect(chatbotAgencyErrors.entries.TEMPORAL_UNAVAILABLE.retry.strategy).toBe('backoff')
    expect(chatbotAgencyErrors.entries.CONFLICT.retry.strategy).toBe('never')
    expect(chatbotAgencyErrors.roleEntry('unauthorized').code).toBe('UNAUTHENTICATED')
    expect(chatbotAgencyErrors.roleEntry('unavailable').code).toBe('UPSTREAM_UNAVAILABLE')
  })
})
