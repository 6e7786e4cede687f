import { describe, expect, it } from 'vitest'
import { lintCatalog } from '../../src/contract/lint.js'
import { defineErrors, standardCatalog } from '../../src/index.js'

const ok = { description: 'Something', resolution: 'Do something' }

function rules(catalog: Parameters<typeof lintCatalog>[0]) {
  return lintCatalog(catalog).issues.map((i) => `${i.severity}:${i.rule}:${i.code ?? ''}`)
}

describe('lintCatalog', () => {
  it('finds nothing wrong with the standard catalog', () => {
    expect(lintCatalog(standardCatalog)).toMatchObject({ errors: 0, warnings: 0 })
  })

  it('flags codes that break the catalog naming', () => {
    const catalog = defineErrors({
      NOT_FOUND: { status: 404, ...ok },
      RATE_LIMITED: { status: 429, ...ok, message: 'Slow down' },
      bad_request: { status: 400, ...ok, message: 'Bad' },
      'Weird-Code': { status: 400, ...ok, message: 'Weird' },
    })
    expect(rules(catalog)).toEqual(['error:code-naming:Weird-Code', 'error:code-naming:bad_request'])
  })

  it('flags a missing description (error) and a missing resolution (warning)', () => {
    const catalog = defineErrors({ NO_TEXT: { status: 400 }, NO_FIX: { status: 404, description: 'Gone' } })
    expect(rules(catalog)).toEqual([
      'error:missing-description:NO_TEXT',
      'warning:missing-resolution:NO_TEXT',
      'warning:missing-resolution:NO_FIX',
    ])
  })

  it('never sees a status outside 400–599: the catalog refuses it at definition', () => {
    expect(() => defineErrors({ MOVED: { status: 302, ...ok } })).toThrow(/HTTP error status \(400-599\)/)
  })

  it('flags duplicate codes case-insensitively and duplicate messages', () => {
    const catalog = defineErrors({
      RATE_LIMITED: { status: 429, ...ok, message: 'Slow down' },
      Rate_Limited: { status: 429, ...ok, message: 'Slower' },
      TAKEN: { status: 409, ...ok, message: 'Already exists' },
      EXISTS: { status: 409, ...ok, message: 'already exists' },
    })
    const found = rules(catalog)
    expect(found).toContain('error:duplicate-code:Rate_Limited')
    expect(found).toContain('warning:duplicate-message:EXISTS')
  })

  it('flags a 5xx that exposes its message', () => {
    const catalog = defineErrors({ DB_DOWN: { status: 500, ...ok, expose: true } })
    expect(rules(catalog)).toEqual(['error:exposed-server-error:DB_DOWN'])
    expect(lintCatalog(catalog).errors).toBe(1)
  })

  it('flags retry guidance that contradicts the status', () => {
    const catalog = defineErrors({
      RETRY_BAD_INPUT: { status: 400, ...ok, message: 'a', retry: 'backoff' },
      IN_FLIGHT: { status: 409, ...ok, message: 'b', retry: 'retry-after' },
      NEVER_UNAVAILABLE: { status: 503, ...ok, message: 'c', retry: 'never' },
      BLIND_429: { status: 429, ...ok, message: 'd', retry: 'backoff' },
      BLIND_CONFLICT: { status: 409, ...ok, message: 'e', retry: 'backoff' },
    })
    const report = lintCatalog(catalog)
    expect(rules(catalog)).toEqual([
      'error:retry-contradicts-status:RETRY_BAD_INPUT',
      'warning:retry-contradicts-status:NEVER_UNAVAILABLE',
      'warning:retry-contradicts-status:BLIND_429',
      'warning:retry-contradicts-status:BLIND_CONFLICT',
    ])
    expect(report).toMatchObject({ errors: 1, warnings: 3 })
    // A 409 that names its own delay (a request still in flight) is retried soundly.
    expect(report.issues.some((i) => i.code === 'IN_FLIGHT')).toBe(false)
  })
})
