import Boom from '@hapi/boom'
import { type } from 'arktype'
import fc from 'fast-check'
import { errorCodes as fastifyErrors } from 'fastify'
import createHttpError from 'http-errors'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type AnyCatalog, defineErrors, standardCatalog } from './catalog/define.js'
import { ROLES } from './catalog/roles.js'
import { validationDetails } from './catalog/validation-details.js'
import { type FaultlineError, isFaultlineError } from './error.js'
import { formats } from './formats/index.js'
import { StoreUnavailableError } from './guards/store-failure.js'
import { normalize } from './normalize.js'

/** Planted in every hostile value's message, cause, stack and property: it must never reach a 5xx response. */
const SECRET = 'SECRET-d41d8cd98f-MARKER'

const catalogs: Record<string, AnyCatalog> = {
  standard: standardCatalog.extend({ AGENT_NOT_FOUND: { status: 404, message: 'Agent not found' } }),
  // Lower snake_case, most roles missing: it borrows the standard entries in its own naming.
  sparseSnake: defineErrors({
    validation_error: { status: 400, details: validationDetails },
    not_found: { status: 404 },
    agent_error: { status: 500 },
  }),
  explicitRoles: defineErrors(
    {
      BODY_INVALID: { status: 400, details: validationDetails },
      STREAM_ABORTED: { status: 499 },
      CRASHED: { status: 500 },
    },
    { roles: { validation: 'BODY_INVALID', clientClosed: 'STREAM_ABORTED', internal: 'CRASHED' } },
  ),
}

function belongsTo(catalog: AnyCatalog, code: string, entry: unknown): boolean {
  return catalog.has(code) || ROLES.some((role) => catalog.roleEntry(role) === entry)
}

const thrower = (what: string) => () => {
  throw new Error(`${SECRET} ${what}`)
}

function withThrowingGetters(keys: readonly string[]): object {
  const value: Record<string, unknown> = { message: SECRET }
  for (const key of keys) Object.defineProperty(value, key, { get: thrower(key), enumerable: true })
  return value
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable(new Error(SECRET), {})
  revoke()
  return proxy
}

const everyTrapThrows = () =>
  new Proxy(new Error(SECRET), {
    get: thrower('get'),
    has: thrower('has'),
    getPrototypeOf: thrower('getPrototypeOf'),
    ownKeys: thrower('ownKeys'),
    getOwnPropertyDescriptor: thrower('getOwnPropertyDescriptor'),
  })

function circularCauses(depth: number): Error {
  const first = new Error(`${SECRET} first`)
  let last = first
  for (let i = 0; i < depth; i++) {
    const next = new Error(`${SECRET} cause ${i}`, { cause: first })
    ;(last as { cause?: unknown }).cause = next
    last = next
  }
  return first
}

const oddStatus = fc.constantFrom<unknown>(
  0,
  -1,
  Number.NaN,
  600,
  399,
  99,
  1e10,
  Infinity,
  '404',
  '500',
  404.5,
  null,
)
const anyStatus = fc.oneof(oddStatus, fc.integer({ min: 400, max: 599 }), fc.integer())
const secretText = fc.string({ maxLength: 20 }).map((s) => `${s}${SECRET}${s}`)

const bodies = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(undefined))
const zodError = bodies.map((input) => {
  const result = z.object({ email: z.email(), tags: z.array(z.string()).min(1) }).safeParse(input)
  return result.success ? new z.ZodError([]) : result.error
})
const valiError = bodies.map((input) => {
  try {
    v.parse(v.object({ name: v.pipe(v.string(), v.minLength(1)), age: v.number() }), input)
    return new Error(SECRET)
  } catch (error) {
    return error
  }
})
const arkSchema = type({ id: 'string', count: 'number.integer' })
const arkErrors = bodies.map((input) => {
  const out = arkSchema(input)
  return out instanceof type.errors ? out : new Error(SECRET)
})
const arkTraversalError = bodies.map((input) => {
  const out = arkSchema(input)
  if (!(out instanceof type.errors)) return new Error(SECRET)
  try {
    out.throw()
  } catch (error) {
    return error
  }
  return new Error(SECRET)
})

/** Everything an application, a framework or a library might throw, with the secret planted everywhere. */
const plainHostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  secretText,
  fc.constantFrom(null, undefined, Number.NaN, 0, -0, Infinity),
  fc.double(),
  fc.bigInt(),
  secretText.map((s) => Symbol(s)),
  fc.func(fc.anything()),
  secretText.map((s) => Object.assign(() => s, { status: 404, message: s })),
  fc
    .tuple(secretText, fc.integer({ min: 10_000, max: 200_000 }), fc.constantFrom(undefined, 400, 418, 500))
    .map(([s, times, status]) => Object.assign(new Error(s.repeat(Math.ceil(times / s.length))), { status })),
  fc.integer({ min: 1, max: 6 }).map(circularCauses),
  fc
    .subarray([
      'status',
      'statusCode',
      'message',
      'issues',
      'code',
      'type',
      'name',
      'isBoom',
      'output',
      'expose',
      'validation',
    ])
    .map(withThrowingGetters),
  fc.record({ status: anyStatus, message: secretText, expose: fc.boolean() }),
  fc.record({ statusCode: anyStatus, message: secretText }),
  fc.record({ status: oddStatus, statusCode: anyStatus, message: secretText }),
  fc.integer({ min: 400, max: 599 }).map((code) => new Boom.Boom(SECRET, { statusCode: code })),
  anyStatus.map((statusCode) => ({ isBoom: true, message: SECRET, output: { statusCode } })),
  fc.integer({ min: 400, max: 599 }).map((status) => createHttpError(status, SECRET)),
  fc.record({ status: anyStatus, expose: fc.boolean(), message: secretText }),
  fc
    .constantFrom(
      'entity.too.large',
      'entity.parse.failed',
      'charset.unsupported',
      'stream.not.readable',
      'unknown.type',
    )
    .map((kind) =>
      Object.assign(new Error(SECRET), { type: kind, status: kind === 'entity.too.large' ? 413 : 400 }),
    ),
  fc.constantFrom(...(Object.keys(fastifyErrors) as (keyof typeof fastifyErrors)[])).map((name) => {
    const FastifyError = fastifyErrors[name] as unknown as new (...args: string[]) => Error
    return new FastifyError(SECRET, SECRET, SECRET)
  }),
  fc
    .constantFrom('FST_ERR_CTP_INVALID_MEDIA_TYPE', 'FST_ERR_VALIDATION', 'ECONNRESET', 'ABORT_ERR')
    .map((code) => ({
      code,
      statusCode: 415,
      message: SECRET,
      validation: [{ instancePath: '/a/0', message: 'must be string', params: {} }],
    })),
  zodError,
  valiError,
  arkErrors,
  arkTraversalError,
  fc
    .constantFrom('AbortError', 'TimeoutError', 'SyntaxError', 'DataCloneError')
    .map((name) => new DOMException(SECRET, name)),
  fc.constant(null).map(() => AbortSignal.abort().reason),
  fc.constant(null).map(() => new StoreUnavailableError(SECRET, { cause: new Error(SECRET) })),
  secretText.map((s) => Object.assign(new SyntaxError(s), { status: 400, type: 'entity.parse.failed' })),
  secretText.map((s) => new SyntaxError(s)),
)

/**
 * Values are made inside the property: fast-check inspects what it generates, and a revoked proxy
 * must reach `normalize` untouched.
 */
const hostile: fc.Arbitrary<() => unknown> = fc.oneof(
  { weight: 30, arbitrary: plainHostile.map((value) => () => value) },
  { weight: 1, arbitrary: fc.constantFrom(revokedProxy, everyTrapThrows) },
)

const formatList = Object.values(formats)

/** Everything that must hold for a normalized error; checked by hand because 10,000 runs × 20 expects is slow. */
function problemsOf(error: FaultlineError, catalog: AnyCatalog): string[] {
  const problems: string[] = []
  if (!isFaultlineError(error)) return ['not a FaultlineError']
  if (!Number.isInteger(error.status) || error.status < 400 || error.status > 599)
    problems.push(`status ${error.status}`)
  if (!belongsTo(catalog, error.code, error.entry)) problems.push(`code ${error.code} is not the catalog's`)
  if (error.status < 500) return problems
  for (const format of formatList) {
    const rendered = format.render(error, { requestId: 'req-1', instance: '/x' })
    const wire = JSON.stringify(rendered.body) + JSON.stringify(rendered.headers)
    if (wire.includes(SECRET)) problems.push(`${format.name} leaks the thrown text: ${wire}`)
    if (wire.includes('    at ')) problems.push(`${format.name} leaks a stack frame: ${wire}`)
  }
  return problems
}

describe('normalize on hostile thrown values', () => {
  it.each(Object.keys(catalogs))(
    'turns 10,000 values into %s catalog errors with a 4xx/5xx status, never throwing or leaking into a 5xx',
    (name) => {
      const catalog = catalogs[name]!
      fc.assert(
        fc.property(hostile, (make) => {
          expect(problemsOf(normalize(make(), catalog), catalog)).toEqual([])
        }),
        { numRuns: 10_000 },
      )
    },
  )
})

describe('the leak check itself', () => {
  it('flags a 5xx that exposes the thrown text, and a code from outside the catalog', () => {
    const catalog = catalogs.standard!
    const leaking = catalog.fromRole('internal', {
      message: `${SECRET}\n    at handler (app.js:1:1)`,
      expose: true,
    })
    const problems = problemsOf(leaking, catalog)
    expect(problems.filter((p) => p.includes('leaks the thrown text'))).toHaveLength(formatList.length - 1)
    expect(problems.some((p) => p.includes('leaks a stack frame'))).toBe(true)
    const foreign = defineErrors({ ELSEWHERE: { status: 500 } }).ELSEWHERE()
    expect(problemsOf(foreign, catalog)).toContain("code ELSEWHERE is not the catalog's")
  })
})

describe('normalize maps what libraries and frameworks throw', () => {
  const catalog = catalogs.standard!
  const codeOf = (thrown: unknown) => normalize(thrown, catalog).code

  it('keeps a catalog error as it is', () => {
    const error = catalog.create('AGENT_NOT_FOUND')
    expect(normalize(error, catalog)).toBe(error)
  })

  it('turns Zod, Valibot and ArkType failures into validation errors with their issues', () => {
    const zodFailure = z.object({ user: z.object({ email: z.email() }) }).safeParse({ user: { email: 'x' } })
    const fromZod = normalize(zodFailure.error, catalog)
    expect(fromZod.code).toBe('VALIDATION_ERROR')
    expect(fromZod.details).toEqual({
      issues: [{ path: ['user', 'email'], message: 'Invalid email address' }],
    })

    let valibotFailure: unknown
    try {
      v.parse(v.object({ items: v.array(v.string()) }), { items: ['a', 2] })
    } catch (error) {
      valibotFailure = error
    }
    const fromValibot = normalize(valibotFailure, catalog)
    expect(fromValibot.code).toBe('VALIDATION_ERROR')
    expect((fromValibot.details as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['items', 1])

    const arkFailure = type({ id: 'string' })({ id: 1 })
    const fromArk = normalize(arkFailure, catalog)
    expect(fromArk.code).toBe('VALIDATION_ERROR')
    expect((fromArk.details as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['id'])
  })

  it('maps framework and library errors by their code, type, name or status', () => {
    expect(codeOf(new fastifyErrors.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/xml'))).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expect(codeOf({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).toBe('UNSUPPORTED_MEDIA_TYPE')
    expect(codeOf({ type: 'entity.too.large', status: 413 })).toBe('PAYLOAD_TOO_LARGE')
    expect(codeOf(Boom.notFound('gone'))).toBe('NOT_FOUND')
    expect(codeOf({ isBoom: true, output: { statusCode: 409 } })).toBe('CONFLICT')
    expect(codeOf(new DOMException('The operation was aborted', 'AbortError'))).toBe('CLIENT_CLOSED_REQUEST')
    expect(codeOf(AbortSignal.abort().reason)).toBe('CLIENT_CLOSED_REQUEST')
    expect(codeOf(new DOMException('The operation timed out', 'TimeoutError'))).toBe('TIMEOUT')
    expect(codeOf(new StoreUnavailableError('get'))).toBe('SERVICE_UNAVAILABLE')
    expect(codeOf(Object.assign(new SyntaxError('Unexpected token'), { status: 400 }))).toBe(
      'VALIDATION_ERROR',
    )
  })

  it('keeps the message of a foreign 4xx that may be shown, capped, and hides one that may not', () => {
    const shown = normalize(createHttpError(404, 'No such agent'), catalog)
    expect([shown.code, shown.status, shown.message]).toEqual(['NOT_FOUND', 404, 'No such agent'])
    const huge = normalize({ status: 400, message: 'x'.repeat(1_000_000) }, catalog)
    expect(huge.message).toHaveLength(1025)
    const hidden = normalize({ status: 403, expose: false, message: 'internal ACL 17' }, catalog)
    expect(hidden.message).toBe('Forbidden')
    const serverSide = normalize(createHttpError(503, 'db password wrong'), catalog)
    expect([serverSide.code, formats.flat.render(serverSide).body]).toEqual([
      'SERVICE_UNAVAILABLE',
      { error: 'Service unavailable', code: 'SERVICE_UNAVAILABLE', statusCode: 503 },
    ])
  })

  it('treats statuses that are not 4xx/5xx numbers as an internal error, keeping the value as cause', () => {
    for (const status of [0, -1, Number.NaN, 600, '404', 302]) {
      const thrown = { status, message: 'm' }
      const error = normalize(thrown, catalog)
      expect(error.code, String(status)).toBe('INTERNAL_ERROR')
      expect(error.cause).toBe(thrown)
    }
    expect(normalize({ statusCode: 429 }, catalog).code).toBe('RATE_LIMITED')
  })

  it('uses the catalog own codes, or borrows the standard entry in its naming', () => {
    const snake = catalogs.sparseSnake!
    expect(normalize(new Error('boom'), snake).code).toBe('internal_error')
    expect(normalize({ type: 'entity.too.large', status: 413 }, snake).code).toBe('payload_too_large')
    expect(normalize(z.string().safeParse(1).error, snake).code).toBe('validation_error')
    const roles = catalogs.explicitRoles!
    expect(normalize('a string', roles).code).toBe('CRASHED')
    expect(normalize(new DOMException('gone', 'AbortError'), roles).code).toBe('STREAM_ABORTED')
    expect(normalize(z.string().safeParse(1).error, roles).code).toBe('BODY_INVALID')
  })

  it('survives revoked proxies, throwing getters and circular causes', () => {
    expect(normalize(revokedProxy(), catalog).code).toBe('INTERNAL_ERROR')
    expect(normalize(everyTrapThrows(), catalog).code).toBe('INTERNAL_ERROR')
    expect(normalize(withThrowingGetters(['status', 'statusCode', 'issues']), catalog).code).toBe(
      'INTERNAL_ERROR',
    )
    const circular = circularCauses(3)
    expect(normalize(circular, catalog).cause).toBe(circular)
  })
})

describe('normalization defects fixed', () => {
  it('reads an ArkType TraversalError (issues on arkErrors) as a validation error with paths', () => {
    const schema = type({ a: 'string' })
    const thrown = (() => {
      try {
        schema.assert({ a: 1 })
      } catch (error) {
        return error
      }
    })()
    const error = normalize(thrown, standardCatalog)
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details).toMatchObject({ issues: [{ path: ['a'] }] })
  })

  it('maps an error of another catalog by its status instead of passing a foreign code through', () => {
    const other = defineErrors({ AGENT_GONE: { status: 404, message: 'Agent gone' } })
    const error = normalize(other.AGENT_GONE(), standardCatalog)
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toBe('Agent gone')
  })

  it('keeps an error the catalog produces through a borrowed role', () => {
    const catalog = defineErrors({ AGENT_NOT_FOUND: { status: 404 } })
    const borrowed = catalog.fromRole('payloadTooLarge')
    expect(normalize(borrowed, catalog)).toBe(borrowed)
  })

  it('maps a forged brand with no usable status to INTERNAL_ERROR', () => {
    const forged = { [Symbol.for('faultline.error')]: true }
    expect(normalize(forged, standardCatalog).code).toBe('INTERNAL_ERROR')
  })

  it('falls back to statusCode when status is not an error status', () => {
    expect(normalize({ status: 0, statusCode: 404 }, standardCatalog).status).toBe(404)
    expect(normalize({ status: '404', statusCode: 409 }, standardCatalog).code).toBe('CONFLICT')
  })

  it('maps a bare status to the generic role code, not to a specific code that shares the status', () => {
    const catalog = defineErrors({
      DEFAULT_AGENT_UNDELETABLE: { status: 400 },
      UPSTREAM_DOWN: { status: 503 },
    })
    expect(normalize({ status: 400 }, catalog).code).toBe('BAD_REQUEST')
    expect(normalize({ status: 503 }, catalog).code).toBe('SERVICE_UNAVAILABLE')
    expect(normalize({ status: 418 }, defineErrors({ TEAPOT: { status: 418 } })).code).toBe('TEAPOT')
  })
})
