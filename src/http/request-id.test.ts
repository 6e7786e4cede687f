import { describe, expect, it } from 'vitest'
import { createRequestIdGenerator, isAcceptableRequestId, requestIdFrom } from './request-id.js'

describe('request ids', () => {
  it('accepts 1–200 visible ASCII characters only', () => {
    expect(isAcceptableRequestId('abc-123_XYZ.~!')).toBe(true)
    expect(isAcceptableRequestId('a'.repeat(200))).toBe(true)
    for (const bad of [
      '',
      'a'.repeat(201),
      'a b',
      'a\tb',
      'a\r\nb',
      'a\u0000b',
      'a\u007fb',
      'r\u00e9q',
      '\u2603',
      'x'.repeat(10_240),
    ])
      expect(isAcceptableRequestId(bad), JSON.stringify(bad.slice(0, 20))).toBe(false)
    expect(isAcceptableRequestId(['a', 'b'])).toBe(false)
    expect(isAcceptableRequestId(undefined)).toBe(false)
  })

  it('generates distinct ids with one random prefix per generator', () => {
    const generate = createRequestIdGenerator()
    const ids = Array.from({ length: 1000 }, generate)
    expect(new Set(ids).size).toBe(1000)
    for (const id of ids) expect(isAcceptableRequestId(id)).toBe(true)
    expect(ids[0]!.split('_')[1]).toBe(ids[999]!.split('_')[1])
    expect(createRequestIdGenerator()()).not.toBe(createRequestIdGenerator()())
  })

  it('echoes a sane incoming id only when trusted', () => {
    const generate = () => 'generated'
    expect(requestIdFrom('client-1', true, generate)).toBe('client-1')
    expect(requestIdFrom('client-1', false, generate)).toBe('generated')
    expect(requestIdFrom('bad id', true, generate)).toBe('generated')
    expect(requestIdFrom(undefined, true, generate)).toBe('generated')
  })
})
