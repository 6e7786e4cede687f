import SwaggerParser from '@apidevtools/swagger-parser'
import { describe, expect, it } from 'vitest'
import { buildOpenApi } from '../../src/contract/openapi.js'
import { type FormatName, formats } from '../../src/index.js'
import { errors } from './fixtures/agents-catalog.js'

/** A full minimal OpenAPI 3.1 document whose one route references every generated error response. */
function documentWithRoute(components: ReturnType<typeof buildOpenApi>['components']) {
  const responses: Record<string, unknown> = { '200': { description: 'The agent' } }
  for (const name of Object.keys(components.responses)) {
    responses[name.replace('Error', '')] = { $ref: `#/components/responses/${name}` }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Agents API', version: '1.0.0' },
    paths: {
      '/agents/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses,
        },
      },
    },
    components,
  }
}

describe('buildOpenApi', () => {
  it.each(Object.keys(formats) as FormatName[])(
    'produces valid OpenAPI 3.1 for the %s format',
    async (format) => {
      const doc = buildOpenApi(errors, { format })
      await SwaggerParser.validate(structuredClone(doc) as never)
      await SwaggerParser.validate(documentWithRoute(structuredClone(doc.components)) as never)
    },
  )

  it('has the envelope, the code enum and a details schema per code that carries details', () => {
    const { schemas } = buildOpenApi(errors, { format: 'nested' }).components
    expect(schemas.ErrorCode!.enum).toEqual([...errors.codes])
    expect(schemas.Error).toMatchObject({ required: ['error'] })
    expect(schemas['ErrorDetails.AGENT_NOT_FOUND']).toMatchObject({
      type: 'object',
      properties: { agentId: { type: 'string' } },
      required: ['agentId'],
    })
    expect(schemas['ErrorDetails.PLAN_LIMIT_REACHED']).toMatchObject({ required: ['limit', 'resource'] })
    expect(schemas['ErrorDetails.VALIDATION_ERROR']).toMatchObject({ required: ['issues'] })
    expect(schemas['ErrorDetails.TIMEOUT']).toBeUndefined()
  })

  it('has one response per status with one example per code, rendered by the format', () => {
    const { responses } = buildOpenApi(errors, { format: 'problem' }).components
    const statuses = [...new Set(errors.codes.map((c) => errors.entry(c)!.status))].sort()
    expect(Object.keys(responses).sort()).toEqual(statuses.map((s) => `Error${s}`).sort())
    const notFound = responses.Error404 as {
      content: Record<string, { examples: Record<string, { value: any }> }>
    }
    const media = notFound.content['application/problem+json']!
    expect(Object.keys(media.examples).sort()).toEqual(['AGENT_NOT_FOUND', 'NOT_FOUND'])
    const example = media.examples.AGENT_NOT_FOUND!.value
    expect(example).toMatchObject({ status: 404, code: 'AGENT_NOT_FOUND', detail: 'Agent not found' })
    expect(formats.problem.parse({ status: 404, body: example })[0]).toMatchObject({
      code: 'AGENT_NOT_FOUND',
    })
    expect(example.details).toEqual({ agentId: 'string' })
  })

  it('uses the format content type and declares Retry-After where clients must wait', () => {
    const { responses } = buildOpenApi(errors, { format: 'flat' }).components
    const limited = responses.Error429 as {
      content: Record<string, unknown>
      headers: Record<string, unknown>
    }
    expect(Object.keys(limited.content)).toEqual(['application/json'])
    expect(limited.headers['Retry-After']).toMatchObject({ schema: { type: 'integer' } })
    expect((responses.Error404 as { headers?: unknown }).headers).toBeUndefined()
    const dynamic = (responses.Error402 as any).content['application/json'].examples.PLAN_LIMIT_REACHED.value
    expect(dynamic).toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      statusCode: 402,
      error: 'Your plan allows 1 string',
    })
  })

  it('redacts 5xx messages in examples as the server does', () => {
    const { responses } = buildOpenApi(errors, { format: 'nested' }).components
    const value = (responses.Error500 as any).content['application/json'].examples.INTERNAL_ERROR.value
    expect(value).toEqual({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'Internal server error',
        requestId: 'req_01JD7QX8Z3K4M5N6P7Q8R9S0T1',
      },
    })
  })
})
