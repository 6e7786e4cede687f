import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CanonicalJsonError, canonicalJson } from './canonical-json.js'
import { fingerprintRequest } from './fingerprint.js'

describe('canonicalJson', () => {
  it('sorts keys at every depth and normalises numbers', () => {
    expect(canonicalJson({ b: 1, a: { d: [1.0, -0, 1e21], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,0,1e+21]},"b":1}',
    )
  })

  it('drops undefined members, writes non-finite numbers as null, bigint as a string', () => {
    expect(canonicalJson({ a: undefined, b: Number.NaN, c: [undefined], d: 10n })).toBe(
      '{"b":null,"c":[null],"d":"10"}',
    )
  })

  it('refuses cycles but accepts a shared, acyclic reference', () => {
    const shared = { x: 1 }
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => canonicalJson(cyclic)).toThrow(CanonicalJsonError)
  })

  it('refuses absurd nesting instead of overflowing the stack', () => {
    let deep: unknown = 1
    for (let i = 0; i < 10_000; i++) deep = [deep]
    expect(() => canonicalJson(deep)).toThrow(CanonicalJsonError)
  })

  it('writes every string exactly as JSON.stringify does (quotes, escapes, lone surrogates)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ maxLength: 200 })),
        (text) => {
          expect(canonicalJson(text)).toBe(JSON.stringify(text))
          expect(canonicalJson({ [text]: text })).toBe(JSON.stringify({ [text]: text }))
        },
      ),
      { numRuns: 500 },
    )
    for (const text of ['', 'a"b', 'back\\slash', 'tab\t', '\u007f', '\ud800', 'x'.repeat(65)]) {
      expect(canonicalJson(text)).toBe(JSON.stringify(text))
    }
  })

  it('parses back to the same value as JSON.stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { numRuns: 200 },
    )
  })
})

describe('fingerprintRequest', () => {
  const base = { method: 'post', path: '/payments', body: { amount: 100, currency: 'eur' } }

  it('keeps the fingerprints earlier versions stored (JSON body, raw bytes with headers, no body)', () => {
    expect(fingerprintRequest(base)).toBe('718558e013064d99ad46b596dcfb85d60048abf96e8a31f5d72b865e0b2d65b4')
    const raw = {
      method: 'PUT',
      path: '/café/ü',
      body: new TextEncoder().encode('raw ✓ bytes'),
      headers: { 'X-Account': ' one ', 'Content-Type': 'application/json' },
      includeHeaders: ['x-account', 'content-type', 'absent'],
    }
    expect(fingerprintRequest(raw)).toBe('c8ca6536efc21b80317d415aa15dc26a91434ec93a49b5b4da262a5bb1a1b661')
    expect(fingerprintRequest({ method: 'DELETE', path: '/y' })).toBe(
      'c02c7c31d256f67de34e558eaf7ff9bdf3766ce64220f7825c4b188b6fb51cb4',
    )
  })

  it('is a SHA-256 hex digest that ignores key order and method case', () => {
    const a = fingerprintRequest(base)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(
      fingerprintRequest({ method: 'POST', path: '/payments', body: { currency: 'eur', amount: 100 } }),
    ).toBe(a)
  })

  it('changes with the method, the path, the body or a chosen header', () => {
    const a = fingerprintRequest({ ...base, headers: { 'X-Account': 'one' }, includeHeaders: ['x-account'] })
    expect(fingerprintRequest({ ...base, method: 'PUT' })).not.toBe(fingerprintRequest(base))
    expect(fingerprintRequest({ ...base, path: '/refunds' })).not.toBe(fingerprintRequest(base))
    expect(fingerprintRequest({ ...base, body: { amount: 101, currency: 'eur' } })).not.toBe(
      fingerprintRequest(base),
    )
    expect(
      fingerprintRequest({
        ...base,
        headers: new Headers({ 'x-account': 'two' }),
        includeHeaders: ['X-Account'],
      }),
    ).not.toBe(a)
    expect(
      fingerprintRequest({
        ...base,
        headers: new Headers({ 'x-account': 'one' }),
        includeHeaders: ['X-Account'],
      }),
    ).toBe(a)
  })

  it('ignores headers that were not chosen', () => {
    expect(fingerprintRequest({ ...base, headers: { 'user-agent': 'x' } })).toBe(fingerprintRequest(base))
  })

  it('hashes raw bytes as bytes, distinct from the same text as a JSON string', () => {
    const bytes = fingerprintRequest({ ...base, body: Buffer.from('{"a":1}') })
    expect(fingerprintRequest({ ...base, body: Buffer.from('{"a":1}') })).toBe(bytes)
    expect(fingerprintRequest({ ...base, body: '{"a":1}' })).not.toBe(bytes)
  })

  it('lets a callback drop a volatile field', () => {
    const select = (parts: {
      method: string
      path: string
      body: unknown
      headers: Readonly<Record<string, string>>
    }) => {
      const { requestedAt: _ignored, ...rest } = parts.body as Record<string, unknown>
      return { ...parts, body: rest }
    }
    const first = fingerprintRequest({ ...base, body: { amount: 1, requestedAt: 1 } }, { select })
    expect(fingerprintRequest({ ...base, body: { amount: 1, requestedAt: 2 } }, { select })).toBe(first)
  })
})
