import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { defineErrors, standardErrors } from '../index.js'
import { createClient } from './create-client.js'
import type { APIError } from './errors/api-error.js'
import { isCatalogError, isErrorCode } from './is-error-code.js'

const errors = defineErrors({
  ...standardErrors,
  AGENT_NOT_FOUND: { status: 404, message: 'Agent not found', details: z.object({ agentId: z.string() }) },
  PLAN_LIMIT_REACHED: {
    status: 402,
    message: 'Plan limit reached',
    details: z.object({ resource: z.string(), limit: z.number() }),
  },
  NO_DETAILS: { status: 409 },
})

describe('isErrorCode', () => {
  it('narrows code and details to the entry’s types', () => {
    const caught: unknown = undefined
    if (isErrorCode(caught, errors, 'AGENT_NOT_FOUND')) {
      expectTypeOf(caught.code).toEqualTypeOf<'AGENT_NOT_FOUND'>()
      expectTypeOf(caught.details).toEqualTypeOf<{ agentId: string }>()
      expectTypeOf(caught.details.agentId).toBeString()
      expectTypeOf(caught).toExtend<APIError>()
    }
    if (isErrorCode(caught, errors, 'NO_DETAILS')) {
      expectTypeOf(caught.details).toEqualTypeOf<undefined>()
    }
  })

  it('rejects a code the catalog does not have', () => {
    const caught: unknown = undefined
    // @ts-expect-error unknown code
    isErrorCode(caught, errors, 'AGENT_NOT_FOUNDX')
  })

  it('isCatalogError gives a union that narrows on code', () => {
    const caught: unknown = undefined
    if (isCatalogError(caught, errors) && caught.code === 'PLAN_LIMIT_REACHED') {
      expectTypeOf(caught.details).toEqualTypeOf<{ resource: string; limit: number }>()
    }
  })
})

describe('client.isError', () => {
  const client = createClient({ baseUrl: 'http://127.0.0.1:1', catalog: errors })

  it('needs no catalog argument and narrows the same way', () => {
    const caught: unknown = undefined
    if (client.isError(caught, 'PLAN_LIMIT_REACHED')) {
      expectTypeOf(caught.code).toEqualTypeOf<'PLAN_LIMIT_REACHED'>()
      expectTypeOf(caught.details.limit).toBeNumber()
    }
    if (client.isError(caught) && caught.code === 'AGENT_NOT_FOUND') {
      expectTypeOf(caught.details.agentId).toBeString()
    }
  })

  it('rejects an unknown code', () => {
    const caught: unknown = undefined
    // @ts-expect-error unknown code
    client.isError(caught, 'NOPE')
  })

  it('types the parsed body of a request', () => {
    expectTypeOf(client.get<{ id: string }>('/agents/1')).toEqualTypeOf<Promise<{ id: string }>>()
  })
})
