import { type } from 'arktype'
import * as v from 'valibot'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import {
  type Catalog,
  type CatalogError,
  type CodeOf,
  type DetailsOf,
  defineErrors,
  type FaultlineError,
  standardErrors,
  type ValidationIssue,
} from '../../src/index.js'

const errors = defineErrors({
  ...standardErrors,
  AGENT_NOT_FOUND: {
    status: 404,
    message: 'Agent not found',
    details: z.object({ agentId: z.string() }),
  },
  PLAN_LIMIT_REACHED: {
    status: 402,
    message: ({ resource, limit }) => `Your plan allows ${limit} ${resource}`,
    details: z.object({ resource: z.string(), limit: z.number() }),
  },
  PAGED: { status: 400, details: z.object({ page: z.number().default(1) }) },
  MAYBE: { status: 409, details: z.object({ id: z.string() }).optional() },
  VALI: { status: 404, details: v.object({ slug: v.string(), tags: v.array(v.string()) }) },
  ARK: { status: 422, details: type({ field: 'string', 'hint?': 'string' }) },
  PLAIN: { status: 400 },
})

type SchemaMapOf<C> = C extends Catalog<infer S> ? S : never
type Schemas = SchemaMapOf<typeof errors>
type Code = (typeof errors.codes)[number]

describe('codes', () => {
  it('are the keys of the catalog, standard ones included', () => {
    expectTypeOf<Code>().toEqualTypeOf<
      | keyof typeof standardErrors
      | 'AGENT_NOT_FOUND'
      | 'PLAN_LIMIT_REACHED'
      | 'PAGED'
      | 'MAYBE'
      | 'VALI'
      | 'ARK'
      | 'PLAIN'
    >()
    expectTypeOf<CodeOf<Schemas>>().toEqualTypeOf<Code>()
    expectTypeOf(errors.create('PLAIN')).toEqualTypeOf<FaultlineError<'PLAIN', undefined>>()
  })

  it('outside the catalog do not compile', () => {
    // @ts-expect-error an unknown code
    errors.create('AGENT_NOT_FOND')
    // @ts-expect-error an unknown factory
    errors.AGENT_NOT_FOND()
    // @ts-expect-error is() only narrows to codes of the catalog
    errors.is(new Error('x'), 'NOPE')
  })
})

describe('details', () => {
  it('are typed by the schema, on create and on the factory', () => {
    const error = errors.create('AGENT_NOT_FOUND', { details: { agentId: 'a1' } })
    expectTypeOf(error.details).toEqualTypeOf<{ agentId: string }>()
    expectTypeOf(error.code).toEqualTypeOf<'AGENT_NOT_FOUND'>()
    expectTypeOf(
      errors.PLAN_LIMIT_REACHED({ details: { resource: 'bots', limit: 3 } }).details.limit,
    ).toBeNumber()
    expectTypeOf(errors.VALIDATION_ERROR({ details: { issues: [] } }).details.issues).toEqualTypeOf<
      readonly ValidationIssue[]
    >()
  })

  it('of the wrong type do not compile', () => {
    // @ts-expect-error agentId is a string
    errors.create('AGENT_NOT_FOUND', { details: { agentId: 1 } })
    // @ts-expect-error a field the schema does not have
    errors.AGENT_NOT_FOUND({ details: { agentId: 'a', extra: true } })
    // @ts-expect-error a code without a schema takes no details
    errors.create('PLAIN', { details: { any: 'thing' } })
  })

  it('are required exactly when the schema requires them', () => {
    // @ts-expect-error details required
    errors.create('AGENT_NOT_FOUND')
    // @ts-expect-error details required
    errors.AGENT_NOT_FOUND({ message: 'x' })
    errors.create('MAYBE')
    errors.MAYBE()
    expectTypeOf(errors.MAYBE().details).toEqualTypeOf<{ id: string } | undefined>()
    errors.PLAIN()
  })

  it('take the schema input on create and give its output on the error', () => {
    const error = errors.PAGED({ details: {} })
    expectTypeOf(error.details).toEqualTypeOf<{ page: number }>()
  })

  it('infer from Valibot and ArkType schemas too', () => {
    const vali = errors.VALI({ details: { slug: 's', tags: ['a'] } })
    expectTypeOf(vali.details).toEqualTypeOf<{ slug: string; tags: string[] }>()
    const ark = errors.ARK({ details: { field: 'email' } })
    expectTypeOf(ark.details).toEqualTypeOf<{ field: string; hint?: string }>()
    // @ts-expect-error tags are strings
    errors.VALI({ details: { slug: 's', tags: [1] } })
    // @ts-expect-error field is required
    errors.ARK({ details: { hint: 'x' } })
  })
})

describe('narrowing', () => {
  it('checks the catalog, then the code narrows details', () => {
    const caught: unknown = errors.PLAIN()
    if (errors.is(caught)) {
      expectTypeOf(caught).toEqualTypeOf<CatalogError<Schemas>>()
      expectTypeOf(caught.code).toEqualTypeOf<Code>()
      if (caught.code === 'PLAN_LIMIT_REACHED') {
        expectTypeOf(caught.details).toEqualTypeOf<{ resource: string; limit: number }>()
      }
      if (caught.code === 'VALI') expectTypeOf(caught.details.tags).toEqualTypeOf<string[]>()
      if (caught.code === 'PLAIN') expectTypeOf(caught.details).toBeUndefined()
    }
  })

  it('narrows directly with a code', () => {
    const caught: unknown = errors.PLAIN()
    if (errors.is(caught, 'AGENT_NOT_FOUND')) {
      expectTypeOf(caught.code).toEqualTypeOf<'AGENT_NOT_FOUND'>()
      expectTypeOf(caught.details.agentId).toBeString()
    }
  })
})

describe('message functions', () => {
  it('are typed by their own entry schema', () => {
    defineErrors({
      LIMIT: {
        status: 402,
        message: (details) => {
          expectTypeOf(details).toEqualTypeOf<{ resource: string; limit: number }>()
          return `${details.limit}`
        },
        details: z.object({ resource: z.string(), limit: z.number() }),
      },
      VALI_LIMIT: {
        status: 402,
        message: ({ count }) => `${count.toFixed(0)} left`,
        details: v.object({ count: v.number() }),
      },
      ARK_LIMIT: {
        status: 402,
        message: (details) => {
          expectTypeOf(details).toEqualTypeOf<{ seats: number }>()
          return `${details.seats}`
        },
        details: type({ seats: 'number' }),
      },
      NO_SCHEMA: {
        status: 400,
        message: (details) => {
          expectTypeOf(details).toBeUndefined()
          return 'fixed'
        },
      },
      WRONG: {
        status: 402,
        // @ts-expect-error the schema has no `resource`
        message: ({ resource }) => `${resource}`,
        details: z.object({ limit: z.number() }),
      },
    })
  })
})

describe('extend', () => {
  const extended = errors.extend({
    WORKSPACE_NOT_FOUND: { status: 404, details: z.object({ workspaceId: z.string() }) },
    AGENT_NOT_FOUND: { status: 404, details: z.object({ agentId: z.number(), version: z.number() }) },
  })

  it('keeps the codes and types it does not override', () => {
    expectTypeOf(
      extended.PLAN_LIMIT_REACHED({ details: { resource: 'x', limit: 1 } }).details.limit,
    ).toBeNumber()
    extended.NOT_FOUND()
    extended.PLAIN()
  })

  it('adds new codes and replaces the types of overridden ones', () => {
    expectTypeOf(
      extended.WORKSPACE_NOT_FOUND({ details: { workspaceId: 'w' } }).details.workspaceId,
    ).toBeString()
    const agent = extended.create('AGENT_NOT_FOUND', { details: { agentId: 1, version: 2 } })
    expectTypeOf(agent.details).toEqualTypeOf<{ agentId: number; version: number }>()
    // @ts-expect-error the old details shape no longer fits
    extended.AGENT_NOT_FOUND({ details: { agentId: 'a1' } })
    // @ts-expect-error the base catalog did not gain the new code
    errors.WORKSPACE_NOT_FOUND({ details: { workspaceId: 'w' } })
  })
})

describe('helper types', () => {
  it('name codes and details of a schema map', () => {
    type Map = { A: z.ZodObject<{ id: z.ZodString }>; B: undefined }
    expectTypeOf<CodeOf<Map>>().toEqualTypeOf<'A' | 'B'>()
    expectTypeOf<DetailsOf<Map, 'A'>>().toEqualTypeOf<{ id: string }>()
    expectTypeOf<DetailsOf<Map, 'B'>>().toBeUndefined()
  })
})
