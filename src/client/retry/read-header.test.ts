import { describe, expect, it } from 'vitest'
import { readHeader } from './read-header.js'

describe('readHeader', () => {
  it('reads a fetch Headers object case-insensitively', () => {
    const headers = new Headers({ 'Retry-After': '5' })
    expect(readHeader(headers, 'retry-after')).toBe('5')
    expect(readHeader(headers, 'RETRY-AFTER')).toBe('5')
  })

  it('reads a plain record whatever the key case', () => {
    expect(readHeader({ 'retry-after': '1' }, 'Retry-After')).toBe('1')
    expect(readHeader({ 'Retry-After': '2' }, 'retry-after')).toBe('2')
    expect(readHeader({ 'RETRY-after': '3' }, 'Retry-After')).toBe('3')
  })

  it('joins repeated values with ", " as Headers does, and reads numbers', () => {
    expect(readHeader({ ratelimit: ['"a";r=1;t=5', '"b";r=0;t=9'] }, 'RateLimit')).toBe(
      '"a";r=1;t=5, "b";r=0;t=9',
    )
    expect(readHeader({ 'retry-after': 7 }, 'retry-after')).toBe('7')
  })

  it('gives undefined for a missing field, undefined headers or an empty array', () => {
    expect(readHeader({ other: 'x' }, 'retry-after')).toBeUndefined()
    expect(readHeader(undefined, 'retry-after')).toBeUndefined()
    expect(readHeader(new Headers(), 'retry-after')).toBeUndefined()
    expect(readHeader({ 'retry-after': [] }, 'retry-after')).toBeUndefined()
    expect(readHeader({ 'retry-after': undefined }, 'retry-after')).toBeUndefined()
  })

  it('treats a record key named "get" as a header, not a method', () => {
    expect(readHeader({ get: 'x', 'retry-after': '4' }, 'retry-after')).toBe('4')
  })
})
