import { describe, expect, it } from 'vitest'
import { isJsonContentType, readJsonRequest } from './body.js'
import { RequestBodyError } from './body-errors.js'

function failureOf(promise: Promise<unknown>) {
  return promise.then(
    () => 'none',
    (error: unknown) => (error instanceof RequestBodyError ? error.failure : String(error)),
  )
}

describe('JSON body reading', () => {
  it('knows JSON media types and refuses other charsets', () => {
    expect(isJsonContentType('application/json')).toBe(true)
    expect(isJsonContentType('application/merge-patch+json; charset=UTF-8')).toBe(true)
    expect(isJsonContentType('application/json; charset=latin1')).toBe(false)
    expect(isJsonContentType('text/plain')).toBe(false)
    expect(isJsonContentType(undefined)).toBe(false)
  })

  it('reads, or fails as 415, 413, empty and malformed', async () => {
    const post = (body: string, type = 'application/json') =>
      new Request('http://localhost/', { method: 'POST', headers: { 'content-type': type }, body })
    await expect(readJsonRequest(post('{"a":1}'), 100)).resolves.toEqual({ a: 1 })
    expect(await failureOf(readJsonRequest(post('<a/>', 'application/xml'), 100))).toBe('unsupportedType')
    expect(await failureOf(readJsonRequest(post(`"${'x'.repeat(200)}"`), 100))).toBe('tooLarge')
    expect(await failureOf(readJsonRequest(post('  '), 100))).toBe('empty')
    expect(await failureOf(readJsonRequest(post('{'), 100))).toBe('malformed')
    await expect(readJsonRequest(new Request('http://localhost/'), 100)).resolves.toBeUndefined()
  })
})
