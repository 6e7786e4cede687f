import { describe, expect, it } from 'vitest'
import { parseRateLimitField, rateLimitWaitSeconds } from './ratelimit-field.js'
import { parseStructuredList } from './structured-field-list.js'

describe('parseStructuredList', () => {
  it('parses items, parameters and inner lists', () => {
    const list = parseStructuredList(
      '"default";r=0;t=37, day;q=1.5, (a b);x, ?1, :aGk=:, @1700000000, %"caf%c3%a9"',
    )
    expect(list).toHaveLength(7)
    const [first, second, inner] = list!
    expect(first && 'item' in first ? first.item : undefined).toEqual({ type: 'string', value: 'default' })
    expect(first && 'item' in first ? Object.fromEntries(first.params) : undefined).toEqual({
      r: { type: 'integer', value: 0 },
      t: { type: 'integer', value: 37 },
    })
    expect(second && 'item' in second ? second.params.get('q') : undefined).toEqual({
      type: 'decimal',
      value: 1.5,
    })
    expect(inner && 'inner' in inner ? inner.inner.map((i) => i.item.value) : undefined).toEqual(['a', 'b'])
    const display = list![6]
    expect(display && 'item' in display ? display.item : undefined).toEqual({
      type: 'display',
      value: 'café',
    })
  })

  it('reads an escaped string and a parameter without a value as true', () => {
    const list = parseStructuredList('"a\\"b";flag')
    const first = list?.[0]
    expect(first && 'item' in first ? first.item.value : undefined).toBe('a"b')
    expect(first && 'item' in first ? first.params.get('flag') : undefined).toEqual({
      type: 'boolean',
      value: true,
    })
  })

  it.each([
    ['a trailing comma', '"a";t=1,'],
    ['an unterminated string', '"abc'],
    ['an uppercase parameter key', '"a";T=1'],
    ['an integer of 16 digits', '"a";t=1234567890123456'],
    ['a decimal with 4 fraction digits', '"a";t=1.2345'],
    ['a bad escape', '"a\\b"'],
    ['garbage between members', '"a" "b"'],
    ['a bad boolean', '?2'],
    ['a control character in a string', '"a\u0001"'],
  ])('fails the whole field on %s', (_name, text) => {
    expect(parseStructuredList(text)).toBeUndefined()
  })
})

describe('RateLimit field', () => {
  it('reads name, remaining and reset of each policy', () => {
    expect(parseRateLimitField('"default";r=0;t=37, "daily";r=100;t=3600')).toEqual([
      { name: 'default', remaining: 0, resetSeconds: 37 },
      { name: 'daily', remaining: 100, resetSeconds: 3600 },
    ])
  })

  it('waits for the latest reset among exhausted policies (r=0)', () => {
    expect(rateLimitWaitSeconds('"burst";r=0;t=5, "daily";r=100;t=3600, "minute";r=0;t=40')).toBe(40)
  })

  it('falls back to the largest t when no policy says r=0', () => {
    expect(rateLimitWaitSeconds('"a";r=3;t=5, "b";r=1;t=9')).toBe(9)
  })

  it('ignores negative or fractional t and gives undefined when no policy has a usable t', () => {
    expect(rateLimitWaitSeconds('"a";r=0;t=-5')).toBeUndefined()
    expect(rateLimitWaitSeconds('"a";r=0;t=2.5')).toBeUndefined()
    expect(rateLimitWaitSeconds('"a";r=0')).toBeUndefined()
    expect(rateLimitWaitSeconds('not a ( list')).toBeUndefined()
  })
})
