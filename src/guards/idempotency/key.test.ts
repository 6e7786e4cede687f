import { describe, expect, it } from 'vitest'
import { MAX_IDEMPOTENCY_KEY_LENGTH, validateIdempotencyKey } from './key.js'

describe('validateIdempotencyKey', () => {
  it('accepts visible ASCII up to 255 characters', () => {
    expect(validateIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toEqual({
      ok: true,
      key: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    })
    const longest = 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH)
    expect(validateIdempotencyKey(longest)).toEqual({ ok: true, key: longest })
    expect(validateIdempotencyKey('a b')).toEqual({ ok: true, key: 'a b' })
  })

  it('unwraps the structured-field string form', () => {
    expect(validateIdempotencyKey('"abc-123"')).toEqual({ ok: true, key: 'abc-123' })
  })

  it('reports a missing key', () => {
    for (const value of [undefined, null, '', '""', []]) {
      expect(validateIdempotencyKey(value)).toEqual({ ok: false, reason: 'missing' })
    }
  })

  it('reports a key longer than 255 characters', () => {
    expect(validateIdempotencyKey('k'.repeat(256))).toEqual({ ok: false, reason: 'too-long' })
  })

  it('refuses control characters, CR/LF, non-ASCII, edge spaces and repeated headers', () => {
    for (const value of ['a\r\nb', 'a\nb', 'a\tb', 'a\u0000b', 'clé', '\u{1F600}', ' a', 'a ', ['a', 'b']]) {
      expect(validateIdempotencyKey(value)).toEqual({ ok: false, reason: 'invalid' })
    }
  })
})
