import { describe, expect, it } from 'vitest'
import { defineErrors, standardErrors } from '../index.js'
import type { ErrorEvent } from './log.js'
import { resolveOptions } from './options.js'
import { respond } from './respond.js'

const catalog = defineErrors({ ...standardErrors, ODD: { status: 400, message: 'Odd' } })
const facts = { method: 'GET', path: '/odd', requestId: 'r-1' }

describe('respond', () => {
  it('renders once with no-store and the request id, and reports once', () => {
    const events: ErrorEvent[] = []
    const options = resolveOptions({ catalog, onError: (event) => events.push(event) })
    const { response } = respond(catalog.create('ODD'), facts, options)
    expect(response.status).toBe(400)
    expect(response.headers).toMatchObject({ 'cache-control': 'no-store', 'x-request-id': 'r-1' })
    expect(JSON.parse(response.body)).toMatchObject({ code: 'ODD', requestId: 'r-1', instance: '/odd' })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ level: 'warn', code: 'ODD', status: 400, requestId: 'r-1' })
  })

  it('falls back to INTERNAL_ERROR when details cannot be serialized', () => {
    const events: ErrorEvent[] = []
    const options = resolveOptions({ catalog, onError: (event) => events.push(event) })
    const { response, error } = respond(
      catalog.create('ODD', { details: { big: 10n } as never }),
      facts,
      options,
    )
    expect(response.status).toBe(500)
    expect(error.code).toBe('INTERNAL_ERROR')
    expect(events).toHaveLength(1)
  })

  it('survives a throwing error hook and uses a custom request id header', () => {
    const options = resolveOptions({
      catalog,
      requestIdHeader: 'X-Correlation-Id',
      onError: () => {
        throw new Error('logger down')
      },
    })
    const { response } = respond('boom', facts, options)
    expect(response.status).toBe(500)
    expect(response.headers['x-correlation-id']).toBe('r-1')
  })

  it('normalizes each options object once', () => {
    const input = { catalog }
    expect(resolveOptions(input)).toBe(resolveOptions(input))
    expect(() => resolveOptions({ catalog, bodyLimit: -1 })).toThrow(/bodyLimit/)
  })
})
