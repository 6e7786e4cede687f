import { type } from 'arktype'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { standardCatalog } from '../catalog/define.js'
import { normalize } from '../normalize.js'
import { compileValidation, RequestValidationError } from './validate.js'

function issuesOf(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError)
    return (error as RequestValidationError).issues
  }
  throw new Error('expected a validation failure')
}

describe('validate', () => {
  it('collects every issue of every part, each path led by its part (Zod)', () => {
    const check = compileValidation({
      body: z.object({ name: z.string(), age: z.number() }),
      query: z.object({ limit: z.coerce.number().max(10) }),
    })
    const issues = issuesOf(() => check({ body: { age: 'x' }, query: { limit: '99' } })) as Array<{
      path: unknown[]
    }>
    expect(issues.map((issue) => issue.path)).toEqual([
      ['query', 'limit'],
      ['body', 'name'],
      ['body', 'age'],
    ])
  })

  it('works with Valibot and ArkType, and returns parsed values', () => {
    const check = compileValidation({
      params: v.object({ id: v.pipe(v.string(), v.transform(Number)) }),
      body: type({ name: 'string' }),
    })
    expect(check({ params: { id: '7' }, body: { name: 'Ada' } })).toEqual({
      params: { id: 7 },
      body: { name: 'Ada' },
    })
    const issues = issuesOf(() => check({ params: {}, body: {} })) as Array<{ path: unknown[] }>
    expect(issues.map((issue) => issue.path[0])).toEqual(['params', 'body'])
  })

  it('awaits async schemas', async () => {
    const check = compileValidation({ body: z.string().refine(async (value) => value === 'ok', 'not ok') })
    await expect(check({ body: 'ok' })).resolves.toEqual({ body: 'ok' })
    await expect(check({ body: 'no' })).rejects.toBeInstanceOf(RequestValidationError)
  })

  it("normalizes to the catalog's VALIDATION_ERROR with the issues as details", () => {
    const check = compileValidation({ query: z.object({ q: z.string() }) })
    let thrown: unknown
    try {
      check({ query: {} })
    } catch (error) {
      thrown = error
    }
    const error = normalize(thrown, standardCatalog)
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.details).toEqual({ issues: [{ path: ['query', 'q'], message: expect.any(String) }] })
  })
})
