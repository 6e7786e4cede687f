import { inspect } from 'node:util'
import { type } from 'arktype'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { FaultlineError, isFaultlineError, publicMessage } from '../error.js'
import { defineErrors, standardCatalog } from './define.js'
import { standardErrors } from './standard.js'
import { validationDetails } from './validation-details.js'

const STACK_FRAME = '    at '

describe('entry defaults', () => {
  it('derive title, message, exposure and retry guidance from the status', () => {
    const catalog = defineErrors({
      GONE: { status: 410 },
      BROKEN: { status: 500 },
      SLOW_DOWN: { status: 429 },
      NOT_YET: { status: 501 },
      STALLED: { status: 408 },
      ABORTED: { status: 499 },
    })
    expect(catalog.entries.GONE).toMatchObject({
      code: 'GONE',
      status: 410,
      title: 'Gone',
      defaultMessage: 'Gone',
      expose: true,
      retry: { strategy: 'never' },
      deprecated: false,
      role: undefined,
      messageFor: undefined,
    })
    expect(catalog.entries.BROKEN).toMatchObject({ expose: false, retry: { strategy: 'backoff' } })
    expect(catalog.entries.SLOW_DOWN.retry).toEqual({ strategy: 'retry-after' })
    expect(catalog.entries.NOT_YET.retry).toEqual({ strategy: 'never' })
    expect(catalog.entries.STALLED.retry).toEqual({ strategy: 'backoff' })
    expect(catalog.entries.ABORTED.retry).toEqual({ strategy: 'never' })
  })

  it('take the title and message from the fixed message, else the description', () => {
    const catalog = defineErrors({
      DESCRIBED: { status: 404, description: 'No agent found with the provided ID' },
      WORDED: { status: 404, message: 'Agent not found', description: 'No agent found' },
      TITLED: { status: 404, title: 'Agent missing', message: 'Agent not found' },
    })
    expect(catalog.entries.DESCRIBED).toMatchObject({
      title: 'No agent found with the provided ID',
      defaultMessage: 'No agent found with the provided ID',
    })
    expect(catalog.entries.WORDED).toMatchObject({
      title: 'Agent not found',
      defaultMessage: 'Agent not found',
    })
    expect(catalog.entries.TITLED).toMatchObject({
      title: 'Agent missing',
      defaultMessage: 'Agent not found',
    })
  })

  it('keep explicit exposure, retry guidance, headers and deprecation', () => {
    const catalog = defineErrors({
      SECRETIVE: { status: 403, expose: false },
      CHATTY: { status: 503, expose: true, retry: { strategy: 'retry-after', attempts: 1 } },
      MOVED_ON: { status: 410, deprecated: 'Use GONE', headers: { 'Cache-Control': 'no-store' } },
    })
    expect(catalog.entries.SECRETIVE.expose).toBe(false)
    expect(catalog.entries.CHATTY).toMatchObject({
      expose: true,
      retry: { strategy: 'retry-after', attempts: 1 },
    })
    expect(catalog.MOVED_ON().headers).toEqual({ 'Cache-Control': 'no-store' })
    expect(catalog.MOVED_ON({ headers: { Allow: 'GET' } }).headers).toEqual({
      'Cache-Control': 'no-store',
      Allow: 'GET',
    })
    expect(catalog.entries.MOVED_ON.deprecated).toBe('Use GONE')
  })

  it('let a client see a 5xx message only through the entry text', () => {
    const catalog = defineErrors({ CRASHED: { status: 500, message: 'Something broke' } })
    const error = catalog.CRASHED({ message: 'db password rejected', cause: new Error('inner') })
    expect(error.message).toBe('db password rejected')
    expect(publicMessage(error)).toBe('Something broke')
    expect(error.toJSON()).toEqual({
      code: 'CRASHED',
      status: 500,
      message: 'db password rejected',
      details: undefined,
    })
    expect(JSON.stringify(error)).not.toContain('inner')
    expect(publicMessage(catalog.CRASHED({ message: 'shown on purpose', expose: true }))).toBe(
      'shown on purpose',
    )
  })
})

describe('message functions', () => {
  const catalog = defineErrors({
    PLAN_LIMIT_REACHED: {
      status: 402,
      description: 'Agency is at its plan limit for the resource',
      message: ({ resource, limit }) => `Your plan allows ${limit} ${resource}`,
      details: z.object({ resource: z.string(), limit: z.number() }),
    },
    FRAGILE: {
      status: 400,
      description: 'Fallback text',
      message: (): string => {
        throw new Error('no')
      },
      details: z.object({ a: z.string() }).optional(),
    },
  })

  it('write the message from the details', () => {
    const error = catalog.PLAN_LIMIT_REACHED({ details: { resource: 'bots', limit: 3 } })
    expect(error.message).toBe('Your plan allows 3 bots')
    expect(error.details).toEqual({ resource: 'bots', limit: 3 })
  })

  it('yield to an explicit message, and fall back to the entry text when they throw', () => {
    const error = catalog.PLAN_LIMIT_REACHED({ details: { resource: 'bots', limit: 3 }, message: 'Upgrade' })
    expect(error.message).toBe('Upgrade')
    expect(catalog.FRAGILE().message).toBe('Fallback text')
    expect(catalog.entries.PLAN_LIMIT_REACHED.defaultMessage).toBe(
      'Agency is at its plan limit for the resource',
    )
  })
})

describe('extend', () => {
  const base = defineErrors(standardErrors, { name: 'Agents API', validateDetails: false })

  it('adds codes and overrides existing ones, leaving the base catalog as it was', () => {
    const extended = base.extend({
      AGENT_NOT_FOUND: { status: 404, message: 'Agent not found' },
      NOT_FOUND: { status: 410, message: 'Gone for good' },
    })
    expect(extended.codes).toContain('AGENT_NOT_FOUND')
    expect(extended.codes).toContain('VALIDATION_ERROR')
    expect(extended.entries.NOT_FOUND).toMatchObject({ status: 410, defaultMessage: 'Gone for good' })
    expect(base.entries.NOT_FOUND.status).toBe(404)
    expect(base.has('AGENT_NOT_FOUND')).toBe(false)
    expect(extended.AGENT_NOT_FOUND().code).toBe('AGENT_NOT_FOUND')
  })

  it('keeps the base options, merged with new ones', () => {
    const extended = base.extend({ EXTRA: { status: 400 } }, { captureStack: 'never' })
    expect(extended.options).toMatchObject({
      name: 'Agents API',
      validateDetails: false,
      captureStack: 'never',
    })
  })
})

describe('roles', () => {
  it('are found by a code name in either naming', () => {
    expect(standardCatalog.roleEntry('validation').code).toBe('VALIDATION_ERROR')
    expect(standardCatalog.roleEntry('unavailable').code).toBe('SERVICE_UNAVAILABLE')
    const snake = defineErrors({ validation_error: { status: 400 }, internal_error: { status: 500 } })
    expect(snake.naming).toBe('snake_case')
    expect(snake.roleEntry('validation').code).toBe('validation_error')
    expect(snake.roleEntry('internal').code).toBe('internal_error')
    expect(snake.fromRole('internal').code).toBe('internal_error')
  })

  it('are borrowed from the standard catalog, in the catalog own naming, when missing', () => {
    const snake = defineErrors({ not_found: { status: 404 } })
    const borrowed = snake.roleEntry('payloadTooLarge')
    expect(borrowed).toMatchObject({ code: 'payload_too_large', status: 413, role: 'payloadTooLarge' })
    expect(snake.has('payload_too_large')).toBe(false)
    expect(snake.fromRole('payloadTooLarge')).toMatchObject({ code: 'payload_too_large', status: 413 })
    const upper = defineErrors({ NOT_FOUND: { status: 404 } })
    expect(upper.roleEntry('payloadTooLarge').code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('can be chosen explicitly, by option or on the entry', () => {
    const catalog = defineErrors(
      {
        BODY_INVALID: { status: 400, details: validationDetails },
        CHAT_TIMEOUT: { status: 504 },
        VALIDATION_ERROR: { status: 400 },
        WORKER_DOWN: { status: 503, role: 'unavailable' },
      },
      { roles: { validation: 'BODY_INVALID', timeout: 'CHAT_TIMEOUT' } },
    )
    expect(catalog.roleEntry('validation').code).toBe('BODY_INVALID')
    expect(catalog.entries.BODY_INVALID.role).toBe('validation')
    expect(catalog.roleEntry('timeout').code).toBe('CHAT_TIMEOUT')
    expect(catalog.roleEntry('unavailable').code).toBe('WORKER_DOWN')
    expect(catalog.entryForStatus(504).code).toBe('CHAT_TIMEOUT')
    expect(() => defineErrors({ A: { status: 400 } }, { roles: { validation: 'MISSING' } })).toThrow(
      /roles.validation names MISSING/,
    )
  })

  it('decide the entry for a status no code was chosen for', () => {
    const catalog = defineErrors({ TEAPOT: { status: 418 }, NOT_FOUND: { status: 404 } })
    expect(catalog.entryForStatus(404).code).toBe('NOT_FOUND')
    expect(catalog.entryForStatus(418).code).toBe('TEAPOT')
    expect(catalog.entryForStatus(451).code).toBe('BAD_REQUEST')
    expect(catalog.entryForStatus(507).code).toBe('INTERNAL_ERROR')
  })
})

describe('runtime validation of details', () => {
  const schemas = {
    AGENT_NOT_FOUND: {
      status: 404,
      details: z.object({ agentId: z.string(), page: z.coerce.number().default(1) }),
    },
    ARK: { status: 400, details: type({ field: 'string' }) },
  } as const

  it('warns through onInvalidDetails and still creates the error with the details as given', () => {
    const onInvalidDetails = vi.fn()
    const catalog = defineErrors(schemas, { validateDetails: true, onInvalidDetails })
    const wrong = { agentId: 42 } as unknown as { agentId: string }
    const error = catalog.AGENT_NOT_FOUND({ details: wrong })
    expect(error.status).toBe(404)
    expect(error.details).toBe(wrong)
    expect(onInvalidDetails).toHaveBeenCalledTimes(1)
    const [code, issues] = onInvalidDetails.mock.calls[0]!
    expect(code).toBe('AGENT_NOT_FOUND')
    expect(issues.length).toBeGreaterThan(0)
    expect(typeof issues[0].message).toBe('string')
    catalog.ARK({ details: { field: 7 } as unknown as { field: string } })
    expect(onInvalidDetails).toHaveBeenLastCalledWith('ARK', expect.any(Array))
  })

  it('keeps the parsed value of valid details', () => {
    const onInvalidDetails = vi.fn()
    const catalog = defineErrors(schemas, { validateDetails: true, onInvalidDetails })
    const error = catalog.AGENT_NOT_FOUND({ details: { agentId: 'a1', page: '3' } })
    expect(error.details).toEqual({ agentId: 'a1', page: 3 })
    expect(catalog.AGENT_NOT_FOUND({ details: { agentId: 'a1' } }).details).toEqual({
      agentId: 'a1',
      page: 1,
    })
    expect(onInvalidDetails).not.toHaveBeenCalled()
  })

  it('is skipped when off: details pass through unparsed and nothing warns', () => {
    const onInvalidDetails = vi.fn()
    const catalog = defineErrors(schemas, { validateDetails: false, onInvalidDetails })
    const details = { agentId: 'a1', page: '3' }
    expect(catalog.AGENT_NOT_FOUND({ details }).details).toBe(details)
    catalog.AGENT_NOT_FOUND({ details: { agentId: 1 } as unknown as { agentId: string } })
    expect(onInvalidDetails).not.toHaveBeenCalled()
  })

  it('refuses asynchronous schemas without throwing at the caller', () => {
    const onInvalidDetails = vi.fn()
    const catalog = defineErrors(
      { LATE: { status: 400, details: z.object({ a: z.string() }).refine(async () => true) } },
      { validateDetails: true, onInvalidDetails },
    )
    expect(catalog.LATE({ details: { a: 'x' } }).code).toBe('LATE')
    expect(onInvalidDetails).toHaveBeenCalledWith('LATE', [
      expect.objectContaining({ message: expect.any(String) }),
    ])
  })
})

describe('stack capture', () => {
  const entries = { NOT_FOUND: { status: 404 }, CRASHED: { status: 500 } } as const

  it('skips the stack of an exposed 4xx and keeps it for a 5xx by default', () => {
    const catalog = defineErrors(entries)
    expect(catalog.NOT_FOUND().stack ?? '').not.toContain(STACK_FRAME)
    expect(catalog.CRASHED().stack).toContain(STACK_FRAME)
    expect(catalog.NOT_FOUND({ expose: false }).stack).toContain(STACK_FRAME)
  })

  it('follows captureStack always and never', () => {
    expect(defineErrors(entries, { captureStack: 'always' }).NOT_FOUND().stack).toContain(STACK_FRAME)
    expect(defineErrors(entries, { captureStack: 'never' }).CRASHED().stack ?? '').not.toContain(STACK_FRAME)
  })

  it('leaves the stack trace limit as it was', () => {
    const before = Error.stackTraceLimit
    defineErrors(entries).NOT_FOUND()
    defineErrors(entries).CRASHED()
    expect(Error.stackTraceLimit).toBe(before)
  })

  it('makes errors that read as errors with or without a stack', () => {
    const catalog = defineErrors(entries)
    const cause = new TypeError('socket closed')
    for (const error of [catalog.NOT_FOUND({ message: 'No agent 7' }), catalog.CRASHED({ cause })]) {
      expect(error).toBeInstanceOf(Error)
      expect(error).toBeInstanceOf(FaultlineError)
      expect(error.name).toBe('FaultlineError')
      expect(Object.hasOwn(error, 'name')).toBe(false)
      expect(String(error)).toBe(`FaultlineError: ${error.message}`)
      expect(error.stack?.split('\n')[0]).toBe(`FaultlineError: ${error.message}`)
      expect(inspect(error)).toContain(`FaultlineError: ${error.message}`)
    }
    const crashed = catalog.CRASHED({ cause })
    expect(crashed.cause).toBe(cause)
    expect(Object.keys(crashed)).not.toContain('cause')
    expect(catalog.NOT_FOUND().cause).toBeUndefined()
    expect('cause' in catalog.NOT_FOUND()).toBe(false)
    expect(JSON.parse(JSON.stringify(catalog.NOT_FOUND({ message: 'No agent 7' })))).toEqual({
      code: 'NOT_FOUND',
      status: 404,
      message: 'No agent 7',
    })
  })

  it('captures the stack from where the error was created', () => {
    function createsTheError() {
      return defineErrors(entries).CRASHED()
    }
    expect(createsTheError().stack).toContain('createsTheError')
  })
})

describe('the error brand', () => {
  const catalog = defineErrors({ AGENT_NOT_FOUND: { status: 404, message: 'Agent not found' } })
  const entry = catalog.entries.AGENT_NOT_FOUND
  const init = { entry, message: 'Agent not found', details: undefined, headers: undefined, expose: true }

  it('holds across a second copy of the error module', async () => {
    const copyPath = '../error.ts?copy'
    const copy = (await import(/* @vite-ignore */ copyPath)) as typeof import('../error.js')
    expect(copy.FaultlineError).not.toBe(FaultlineError)
    const fromCopy = new copy.FaultlineError(init)
    expect(fromCopy instanceof FaultlineError).toBe(true)
    expect(isFaultlineError(fromCopy)).toBe(true)
    expect(catalog.is(fromCopy)).toBe(true)
    expect(catalog.is(fromCopy, 'AGENT_NOT_FOUND')).toBe(true)
    expect(catalog.AGENT_NOT_FOUND() instanceof copy.FaultlineError).toBe(true)
  })

  it('is the shared symbol, not the prototype chain', () => {
    const branded = { [Symbol.for('faultline.error')]: true }
    expect(isFaultlineError(branded)).toBe(true)
    expect(branded instanceof FaultlineError).toBe(true)
    for (const value of [new Error('x'), { code: 'AGENT_NOT_FOUND', status: 404 }, null, 'x'])
      expect(isFaultlineError(value)).toBe(false)
  })

  it('keeps instanceof exact for subclasses', () => {
    class AgentError extends FaultlineError {}
    class OtherError extends FaultlineError {}
    const sub = new AgentError(init)
    expect(sub instanceof AgentError).toBe(true)
    expect(sub instanceof FaultlineError).toBe(true)
    expect(sub instanceof Error).toBe(true)
    expect(sub instanceof OtherError).toBe(false)
    expect(catalog.AGENT_NOT_FOUND() instanceof AgentError).toBe(false)
    expect(catalog.is(sub, 'AGENT_NOT_FOUND')).toBe(true)
  })

  it('is checked by catalog.is with or without a code', () => {
    const error = catalog.AGENT_NOT_FOUND()
    expect(catalog.is(error, 'AGENT_NOT_FOUND')).toBe(true)
    expect(standardCatalog.is(error)).toBe(false)
    expect(standardCatalog.is(standardCatalog.NOT_FOUND(), 'CONFLICT')).toBe(false)
    expect(catalog.is(new Error('x'))).toBe(false)
  })
})

describe('definition errors', () => {
  it.each(['create', 'has', 'is', 'entry', 'extend', 'then', 'constructor', 'toJSON', 'codes', 'fromRole'])(
    'rejects the reserved code name %s',
    (code) => {
      expect(() => defineErrors({ [code]: { status: 400 } })).toThrow(/collides with a catalog method/)
    },
  )

  it.each([99, 200, 302, 399, 600, 404.5, Number.NaN, Infinity, '404', undefined])(
    'rejects the status %s',
    (status) => {
      expect(() => defineErrors({ BAD: { status: status as number } })).toThrow(
        /status must be an HTTP error status/,
      )
    },
  )

  it('refuses to create an unknown code', () => {
    expect(() => (standardCatalog.create as (code: string) => unknown)('NOPE')).toThrow(
      /unknown error code: NOPE/,
    )
  })

  it('answers has and entry only for own codes', () => {
    expect(standardCatalog.has('NOT_FOUND')).toBe(true)
    expect(standardCatalog.has('toString')).toBe(false)
    expect(standardCatalog.has(404)).toBe(false)
    expect(standardCatalog.entry('__proto__')).toBeUndefined()
    expect(standardCatalog.entry('CONFLICT')?.status).toBe(409)
  })
})
