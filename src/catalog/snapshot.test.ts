import { type } from 'arktype'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineErrors, standardCatalog } from './define.js'
import { catalogFromSnapshot, isCatalogSnapshot, snapshotCatalog } from './snapshot.js'

const catalog = defineErrors(
  {
    ZED: {
      status: 404,
      message: 'Agent not found',
      description: 'No agent',
      resolution: 'Check the ID',
      group: 'Agents',
      details: z.object({ agentId: z.string(), tries: z.number().optional() }),
    },
    ARK: {
      status: 409,
      description: 'Ark',
      details: type({ id: 'string' }),
      retry: { strategy: 'retry-after', attempts: 1 },
    },
    VALI: { status: 422, description: 'Valibot has no JSON Schema', details: v.object({ a: v.string() }) },
    HAND: {
      status: 400,
      description: 'Hand-written',
      detailsJsonSchema: { type: 'object', properties: { n: { type: 'integer' } } },
    },
    LIMIT: {
      status: 402,
      description: 'Plan limit',
      message: ({ limit }: { limit: number }) => `Your plan allows ${limit}`,
      detailsJsonSchema: { type: 'object', properties: { limit: { type: 'number' } } },
      details: z.object({ limit: z.number() }),
      headers: { 'x-plan': 'free' },
      deprecated: 'Use QUOTA',
    },
    BOOM: { status: 503 },
  },
  { name: 'Demo' },
)

describe('snapshotCatalog', () => {
  const snapshot = snapshotCatalog(catalog)

  it('records every code with the contract fields, codes sorted, catalog order kept apart', () => {
    expect(snapshot.faultline).toBe(1)
    expect(snapshot.name).toBe('Demo')
    expect(snapshot.naming).toBe('SCREAMING_SNAKE_CASE')
    expect(Object.keys(snapshot.codes)).toEqual(['ARK', 'BOOM', 'HAND', 'LIMIT', 'VALI', 'ZED'])
    expect(snapshot.order).toEqual(['ZED', 'ARK', 'VALI', 'HAND', 'LIMIT', 'BOOM'])
    expect(snapshot.codes.ZED).toEqual({
      status: 404,
      title: 'Agent not found',
      message: 'Agent not found',
      description: 'No agent',
      resolution: 'Check the ID',
      group: 'Agents',
      retry: { strategy: 'never' },
      retryable: false,
      expose: true,
      deprecated: false,
      headers: {},
      role: null,
      details: {
        type: 'object',
        properties: { agentId: { type: 'string' }, tries: { type: 'number' } },
        required: ['agentId'],
      },
    })
  })

  it('takes details schemas from Standard JSON Schema, detailsJsonSchema, else {} (unknown)', () => {
    expect(snapshot.codes.ARK!.details).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string' } },
    })
    expect(snapshot.codes.HAND!.details).toEqual({ type: 'object', properties: { n: { type: 'integer' } } })
    expect(snapshot.codes.VALI!.details).toEqual({})
    expect(snapshot.codes.BOOM!.details).toBeNull()
  })

  it('marks a message function as dynamic and records its fallback text', () => {
    expect(snapshot.codes.LIMIT).toMatchObject({
      message: 'Plan limit',
      dynamic: true,
      deprecated: 'Use QUOTA',
    })
    expect(snapshot.codes.LIMIT!.headers).toEqual({ 'x-plan': 'free' })
    expect(snapshot.codes.ZED!.dynamic).toBeUndefined()
  })

  it('records retry guidance, retryability and exposure resolved from the status', () => {
    expect(snapshot.codes.ARK).toMatchObject({
      retry: { attempts: 1, strategy: 'retry-after' },
      retryable: true,
    })
    expect(snapshot.codes.BOOM).toMatchObject({
      retry: { strategy: 'backoff' },
      retryable: true,
      expose: false,
    })
  })

  it('serializes the same catalog to the same text whatever the key order of its definitions', () => {
    const reordered = defineErrors({
      B: { status: 400, resolution: 'r', description: 'd' },
      A: { status: 401 },
    })
    const again = defineErrors({ A: { status: 401 }, B: { description: 'd', status: 400, resolution: 'r' } })
    const strip = (s: ReturnType<typeof snapshotCatalog>) => JSON.stringify({ ...s, order: [] })
    expect(strip(snapshotCatalog(reordered))).toBe(strip(snapshotCatalog(again)))
    expect(JSON.stringify(snapshotCatalog(catalog))).toBe(JSON.stringify(snapshot))
  })
})

describe('catalogFromSnapshot', () => {
  it('rebuilds a working catalog whose snapshot is the original snapshot', () => {
    for (const source of [catalog, standardCatalog]) {
      const snapshot = JSON.parse(JSON.stringify(snapshotCatalog(source)))
      const rebuilt = catalogFromSnapshot(snapshot)
      expect(rebuilt.codes).toEqual(source.codes)
      expect(snapshotCatalog(rebuilt)).toEqual(snapshot)
    }
  })

  it('creates errors with the recorded status, message, headers and JSON Schema', () => {
    const rebuilt = catalogFromSnapshot(snapshotCatalog(catalog))
    const error = rebuilt.create('LIMIT')
    expect(error.status).toBe(402)
    expect(error.message).toBe('Plan limit')
    expect(error.headers).toEqual({ 'x-plan': 'free' })
    expect(rebuilt.entry('HAND')!.detailsJsonSchema).toEqual({
      type: 'object',
      properties: { n: { type: 'integer' } },
    })
    expect(rebuilt.roleEntry('validation').code).toBe('VALIDATION_ERROR')
  })

  it('refuses what is not a snapshot', () => {
    expect(isCatalogSnapshot({ codes: {} })).toBe(false)
    expect(() => catalogFromSnapshot({ faultline: 2 } as never)).toThrow(/not a faultline catalog snapshot/)
  })

  it('is what JSON.stringify writes for a catalog (catalog.toJSON)', () => {
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(JSON.parse(JSON.stringify(snapshotCatalog(catalog))))
    expect(catalog.toJSON().codes.ZED?.status).toBe(404)
  })
})
