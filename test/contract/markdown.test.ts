import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../src/contract/markdown.js'
import { formats } from '../../src/index.js'
import { errors } from './fixtures/agents-catalog.js'
import { parseMarkdownTables } from './markdown-tables.js'

describe('renderMarkdown', () => {
  const md = renderMarkdown(errors, { format: 'nested' })
  const tables = parseMarkdownTables(md)

  it('shows a real envelope rendered by the chosen format', () => {
    const block = md.match(/```json\n([\s\S]*?)\n```/)![1]!
    const body = JSON.parse(block)
    const expected = formats.nested.render(
      errors.create('VALIDATION_ERROR', {
        message: 'email is required',
        details: { issues: [{ path: ['email'], message: 'email is required' }] },
      }),
      { requestId: 'req_01JD7QX8Z3K4M5N6P7Q8R9S0T1' },
    ).body
    expect(body).toEqual(expected)
    expect(formats.nested.parse({ status: 400, body })[0]).toMatchObject({ code: 'VALIDATION_ERROR' })
    const problem = renderMarkdown(errors, { format: 'problem' })
    expect(JSON.parse(problem.match(/```json\n([\s\S]*?)\n```/)![1]!)).toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
    })
  })

  it('has one Code | HTTP Status | Description | Resolution table per group, in catalog order', () => {
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])
    const groups = [...new Set(errors.codes.map((code) => errors.entry(code)!.group))]
    expect(groups).toContain('Agent Errors')
    expect(headings.slice(0, groups.length + 1)).toEqual(['Error response format', ...groups])
    const codeTables = tables.filter((t) => t.header.join('|') === 'Code|HTTP Status|Description|Resolution')
    const rows = codeTables.flatMap((t) => t.rows)
    expect(rows.map((r) => r[0]).sort()).toEqual([...errors.codes].sort())
    expect(rows.find((r) => r[0] === 'AGENT_NOT_FOUND')).toEqual([
      'AGENT_NOT_FOUND',
      '404',
      'No agent found with the provided ID',
      'Check the agent ID',
    ])
  })

  it('escapes pipes and newlines inside cells and marks deprecations', () => {
    const row = tables.flatMap((t) => t.rows).find((r) => r[0] === 'LEGACY_TOKEN')!
    expect(row).toHaveLength(4)
    expect(row[2]).toBe(
      'The token uses the retired v1 format | pipes and\nnewlines survive (Deprecated. Use UNAUTHORIZED)',
    )
    expect(md).toContain('retired v1 format \\| pipes and<br>newlines survive')
  })

  it('has a retry table per status present, with guidance in words', () => {
    const retry = tables.find((t) => t.header.join('|') === 'Status|Retryable?|Notes')!
    const statuses = [...new Set(errors.codes.map((c) => errors.entry(c)!.status))].sort((a, b) => a - b)
    expect(retry.rows.map((r) => Number(r[0]))).toEqual(statuses)
    const byStatus = Object.fromEntries(retry.rows.map((r) => [r[0], r.slice(1)]))
    expect(byStatus['400']).toEqual(['No', 'Fix the request'])
    expect(byStatus['429']).toEqual(['Yes', 'Wait the Retry-After delay, then retry'])
    expect(byStatus['503']).toEqual(['Yes', 'Retry with exponential backoff'])
    expect(byStatus['501']).toEqual(['No', 'Do not retry'])
    expect(md).toContain('Safe to retry:')
    expect(md).toContain('- 500, 502, 503, 504: retry with exponential backoff')
  })

  it('says "(once)" for a code retried exactly once, and "Depends on the code" for mixed statuses', async () => {
    const { defineErrors } = await import('../../src/index.js')
    const catalog = defineErrors({
      BUSY: { status: 409, description: 'In flight', retry: { strategy: 'retry-after', attempts: 1 } },
      TAKEN: { status: 409, description: 'Taken' },
      SLOW: { status: 429, description: 'Slow', retry: { strategy: 'retry-after', attempts: 1 } },
    })
    const retry = parseMarkdownTables(renderMarkdown(catalog)).find((t) => t.header[1] === 'Retryable?')!
    expect(retry.rows).toEqual([
      [
        '409',
        'Depends on the code',
        'BUSY: Wait the Retry-After delay, then retry (once); TAKEN: Fix the request',
      ],
      ['429', 'Yes', 'Wait the Retry-After delay, then retry (once)'],
    ])
  })

  it('lists the SDK exception classes the catalog statuses call for', () => {
    const sdk = tables.find((t) => t.header.join('|') === 'Python|TypeScript|When raised')!
    expect(sdk.rows.map((r) => r[0])).toEqual([
      'BadRequestError',
      'AuthenticationError',
      'PaymentRequiredError',
      'PermissionDeniedError',
      'NotFoundError',
      'ConflictError',
      'UnprocessableEntityError',
      'RateLimitError',
      'InternalServerError',
      'APIError',
    ])
    expect(sdk.rows.find((r) => r[0] === 'RateLimitError')![2]).toBe(
      '429 responses (includes retry_after / retryAfter)',
    )
    expect(sdk.rows.at(-1)).toEqual(['APIError', 'APIError', 'All other non-2xx responses'])
  })

  it('always lists the seed classes, and only those a small catalog calls for', async () => {
    const { defineErrors } = await import('../../src/index.js')
    const small = defineErrors({ NOPE: { status: 404, description: 'Missing', resolution: 'Look again' } })
    const sdk = parseMarkdownTables(renderMarkdown(small)).find((t) => t.header[0] === 'Python')!
    expect(sdk.rows.map((r) => r[0])).toEqual([
      'AuthenticationError',
      'PermissionDeniedError',
      'NotFoundError',
      'RateLimitError',
      'APIError',
    ])
  })

  it('documents the fields of each details schema', () => {
    const details = tables.find((t) => t.header.join('|') === 'Code|Field|Type|Required')!
    expect(details.rows).toContainEqual(['AGENT_NOT_FOUND', 'agentId', 'string', 'Yes'])
    expect(details.rows).toContainEqual(['PLAN_LIMIT_REACHED', 'limit', 'number', 'Yes'])
    expect(details.rows.find((r) => r[0] === 'PLAN_LIMIT_REACHED' && r[1] === 'tier')![3]).toBe('No')
  })
})
