import { describe, expect, it } from 'vitest'
import { formats } from '../formats/index.js'
import { compileFormatSelection } from './format-selection.js'

describe('format selection', () => {
  it('defaults to problem', () => {
    expect(compileFormatSelection({})({ method: 'GET', path: '/x' })).toBe(formats.problem)
  })

  it('picks the longest matching path prefix, on segment boundaries', () => {
    const select = compileFormatSelection({
      format: 'nested',
      formats: { '/v1': 'flat', '/v1/public': 'nestedPublic' },
    })
    expect(select({ method: 'GET', path: '/v1/public/widget' }).name).toBe('nestedPublic')
    expect(select({ method: 'GET', path: '/v1/public' }).name).toBe('nestedPublic')
    expect(select({ method: 'GET', path: '/v1/publicity' }).name).toBe('flat')
    expect(select({ method: 'GET', path: '/v2' }).name).toBe('nested')
  })

  it('lets a function decide first, falling back to prefixes', () => {
    const select = compileFormatSelection({
      formats: { '/legacy': 'flat' },
      formatFor: ({ method }) => (method === 'DELETE' ? 'status' : undefined),
    })
    expect(select({ method: 'DELETE', path: '/legacy/x' }).name).toBe('status')
    expect(select({ method: 'GET', path: '/legacy/x' }).name).toBe('flat')
  })

  it('refuses an unknown format name at install', () => {
    expect(() => compileFormatSelection({ format: 'nope' as 'flat' })).toThrow(/unknown format/)
  })
})
