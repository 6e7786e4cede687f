import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defineErrors } from '../catalog/define.js'
import { validationDetails } from '../catalog/validation-details.js'
import type { FaultlineError } from '../error.js'
import type { ValidationIssue } from '../issues.js'
import { detectFormat, type ErrorFormat, type FormatName, formats, type ParsedError } from './index.js'

/**
 * Every codec is a two-way street: what the server renders, a client parses back to the same code,
 * status, message, details and request id. The wire is simulated with a JSON round trip.
 * Losses that are part of a shape's design are tested on their own below, never hidden by a filter.
 */
const RUNS = { numRuns: 1000 }
const LOSSLESS: readonly FormatName[] = ['problem', 'flat', 'plain', 'status', 'list', 'nested']

const probe = defineErrors({ PROBE: { status: 400 } })
/** Codes that would collide with a catalog member ('is', 'has', 'then' in lower snake_case). */
const isFreeCode = (code: string) => !(code in probe)

const screamingCode = fc.stringMatching(/^[A-Z][A-Z0-9]{0,11}(?:_[A-Z0-9]{1,8}){0,3}$/)
const snakeCode = fc.stringMatching(/^[a-z][a-z0-9]{0,11}(?:_[a-z0-9]{1,8}){0,3}$/).filter(isFreeCode)
const code = fc.oneof(screamingCode, snakeCode)
const errorStatus = fc.integer({ min: 400, max: 599 })

const veryLong = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 5_000 }))
  .map(([piece, times]) => piece.repeat(times))
const message = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constant(''),
  veryLong,
)
const requestId = fc.option(fc.string({ unit: 'binary', maxLength: 64 }), { nil: undefined })

/** Arbitrary JSON objects (unicode keys, arrays, nulls, nesting); `issues` is the validation key, tested apart. */
const detailsObject = fc
  .dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 })
  .filter((value) => !Object.hasOwn(value, 'issues'))
const details = fc.option(detailsObject, { nil: undefined })

const INTEGER_TEXT = /^(0|[1-9][0-9]{0,15})$/
/** Field names are dotted and JSON Pointers read digits as indexes: segments are names or integers. */
const pathSegment = fc.oneof(
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 16 })
    .filter((s) => !s.includes('.') && !INTEGER_TEXT.test(s)),
  fc.nat(),
)
const issue: fc.Arbitrary<ValidationIssue> = fc.record({
  path: fc.array(pathSegment, { maxLength: 5 }),
  message: fc.string({ unit: 'binary', maxLength: 80 }),
})
const issues = fc.array(issue, { maxLength: 6 })

function errorOf(spec: {
  code: string
  status: number
  message: string
  details: unknown
  expose?: boolean
}) {
  const catalog = defineErrors(
    { [spec.code]: { status: spec.status, message: 'The default text' } },
    { validateDetails: false },
  )
  return catalog.fromEntry(catalog.entry(spec.code)!, {
    message: spec.message,
    details: spec.details,
    expose: spec.expose ?? true,
  })
}

/** Renders, sends through JSON as a server would, and parses as a client would. */
function roundTrip(format: ErrorFormat, error: FaultlineError | FaultlineError[], id?: string) {
  const rendered = format.render(error, { requestId: id, timestamp: '2026-03-07T12:00:00.000Z' })
  const body = JSON.parse(JSON.stringify(rendered.body))
  const parsed = format.parse({ status: rendered.status, headers: rendered.headers, body })
  return { rendered, body, parsed }
}

function essentials(parsed: ParsedError) {
  return {
    code: parsed.code,
    status: parsed.status,
    message: parsed.message,
    details: parsed.details,
    requestId: parsed.requestId,
  }
}

const viaJson = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)))

describe.each(LOSSLESS)('%s format', (name) => {
  const format = formats[name]

  it('round-trips code, status, message, details and request id', () => {
    fc.assert(
      fc.property(code, errorStatus, message, details, requestId, (code, status, message, details, id) => {
        const error = errorOf({ code, status, message, details })
        // Plain's string shape names no code; that loss is tested below with the codes it concerns.
        fc.pre(!(name === 'plain' && error.entry.role === 'validation'))
        const { rendered, body, parsed } = roundTrip(format, error, id)
        const expectedDetails =
          name === 'status' && details !== undefined && Object.keys(details).length === 0
            ? undefined
            : viaJson(details)
        expect(parsed).toHaveLength(1)
        expect(essentials(parsed[0]!)).toEqual({
          code,
          status,
          message,
          details: expectedDetails,
          requestId: id,
        })
        expect(rendered.status).toBe(status)
        expect(detectFormat(body)).toBe(format)
      }),
      RUNS,
    )
  })

  it('round-trips validation issues (paths of names and integers) next to other details', () => {
    fc.assert(
      fc.property(
        code,
        message,
        issues,
        fc.option(detailsObject, { nil: undefined }),
        requestId,
        (code, message, issues, rest, id) => {
          const details = { ...rest, issues }
          const error = errorOf({ code, status: 400, message, details })
          fc.pre(!(name === 'plain' && error.entry.role === 'validation'))
          const { body, parsed } = roundTrip(format, error, id)
          expect(parsed).toHaveLength(1)
          const [first] = parsed
          expect(first!.code).toBe(code)
          expect(first!.status).toBe(400)
          expect(first!.requestId).toBe(id)
          expect(first!.details).toEqual(viaJson(details))
          // The list shape has one item per issue and no top-level message: it keeps the first issue's.
          const keptMessage = name === 'list' && issues.length > 0 ? issues[0]!.message : message
          expect(first!.message).toBe(keptMessage)
          expect(detectFormat(body)).toBe(format)
        },
      ),
      RUNS,
    )
  })

  it('sends the entry text, never the thrown message, for an unexposed error', () => {
    fc.assert(
      fc.property(code, fc.integer({ min: 500, max: 599 }), message, (code, status, message) => {
        const error = errorOf({
          code,
          status,
          message: `${message}secret`,
          details: undefined,
          expose: false,
        })
        fc.pre(!(name === 'plain' && error.entry.role === 'validation'))
        const { body, parsed } = roundTrip(format, error)
        expect(parsed[0]!.message).toBe('The default text')
        expect(JSON.stringify(body)).not.toContain(`${message}secret`)
      }),
      RUNS,
    )
  })

  it('sends its content type, the error headers in lower case and a help link', () => {
    fc.assert(
      fc.property(code, errorStatus, (code, status) => {
        const catalog = defineErrors({ [code]: { status, headers: { 'Retry-After': '7' } } })
        const error = catalog.fromEntry(catalog.entry(code)!)
        const { headers } = format.render(error, { docsUrl: 'https://docs.test/errors' })
        expect(headers['content-type']).toBe(format.contentType)
        expect(headers['retry-after']).toBe('7')
        expect(headers.link).toBe(`<https://docs.test/errors#${encodeURIComponent(code)}>; rel="help"`)
      }),
      RUNS,
    )
  })
})

describe('losses that are part of a shape', () => {
  it('status: `details: {}` is how the shape says "no details", so empty details come back as none', () => {
    const error = errorOf({ code: 'QUOTA', status: 402, message: 'm', details: {} })
    const { body, parsed } = roundTrip(formats.status, error)
    expect(body.details).toEqual({})
    expect(parsed[0]!.details).toBeUndefined()
    const none = roundTrip(
      formats.status,
      errorOf({ code: 'QUOTA', status: 402, message: 'm', details: undefined }),
    )
    expect(none.body.details).toEqual({})
    expect(none.parsed[0]!.details).toBeUndefined()
  })

  it('nestedPublic keeps only the code and status; detection reads it as nested, which parses it the same', () => {
    fc.assert(
      fc.property(code, errorStatus, message, details, requestId, (code, status, message, details, id) => {
        const error = errorOf({ code, status, message, details })
        const { body, parsed } = roundTrip(formats.nestedPublic, error, id)
        expect(body).toEqual({ error: { code } })
        // The request id reaches a client only through the x-request-id header, which render does not set.
        expect(essentials(parsed[0]!)).toEqual({
          code,
          status,
          message: '',
          details: undefined,
          requestId: undefined,
        })
        expect(detectFormat(body)).toBe(formats.nested)
        expect(formats.nested.parse({ status, body })).toEqual(parsed)
      }),
      RUNS,
    )
  })

  it('plain: the string shape keeps a validation code of another name in `type`; VALIDATION_ERROR needs none', () => {
    const catalog = defineErrors({ validation_error: { status: 400 }, INVALID_PARAMS: { status: 400 } })
    for (const code of ['validation_error', 'INVALID_PARAMS'] as const) {
      const error = catalog.create(code, { message: 'name is required' })
      const { body, parsed } = roundTrip(formats.plain, error)
      expect(body).toEqual({ error: 'name is required', type: code })
      expect(parsed[0]).toMatchObject({ code, status: 400, message: 'name is required' })
    }
    const standard = defineErrors({ VALIDATION_ERROR: { status: 400 } }).VALIDATION_ERROR({ message: 'bad' })
    expect(roundTrip(formats.plain, standard).body).toEqual({ error: 'bad' })
  })

  it('field names are dotted: a segment with a dot splits, a digit string comes back an index', () => {
    const details = { issues: [{ path: ['a.b', '7'], message: 'bad' }] }
    for (const name of ['status', 'list'] as const) {
      const { parsed } = roundTrip(
        formats[name],
        errorOf({ code: 'BAD', status: 400, message: 'm', details }),
      )
      expect(parsed[0]!.details).toEqual({ issues: [{ path: ['a', 'b', 7], message: 'bad' }] })
    }
  })

  it('JSON Pointers keep dots and slashes but cannot tell a digit string from an index', () => {
    const details = { issues: [{ path: ['a.b', 'c/d~e', '', '7'], message: 'bad' }] }
    const { body, parsed } = roundTrip(
      formats.problem,
      errorOf({ code: 'BAD', status: 400, message: 'm', details }),
    )
    expect(body.errors).toEqual([{ detail: 'bad', pointer: '/a.b/c~1d~0e//7' }])
    expect(parsed[0]!.details).toEqual({ issues: [{ path: ['a.b', 'c/d~e', '', 7], message: 'bad' }] })
  })

  it('list: adjacent field items of one code read back as one validation error', () => {
    const catalog = defineErrors({ VALIDATION_ERROR: { status: 400, details: validationDetails } })
    const one = catalog.create('VALIDATION_ERROR', { details: { issues: [{ path: ['a'], message: 'x' }] } })
    const two = catalog.create('VALIDATION_ERROR', { details: { issues: [{ path: ['b'], message: 'y' }] } })
    const { parsed } = roundTrip(formats.list, [one, two])
    expect(parsed).toHaveLength(1)
    expect(parsed[0]!.details).toEqual({
      issues: [
        { path: ['a'], message: 'x' },
        { path: ['b'], message: 'y' },
      ],
    })
  })

  it('problem: further errors of a multi-error render ride along in `errors` and parse back after the primary', () => {
    const catalog = defineErrors({ CONFLICT: { status: 409 }, GONE: { status: 410, message: 'Gone away' } })
    const { body, parsed } = roundTrip(formats.problem, [catalog.CONFLICT(), catalog.GONE()])
    expect(body.errors).toEqual([{ code: 'GONE', detail: 'Gone away' }])
    expect(parsed.map((p) => p.code)).toEqual(['CONFLICT', 'GONE'])
    expect(parsed[0]!.details).toBeUndefined()
  })
})

describe('several errors in one list response', () => {
  it('round-trip in order when no two adjacent errors are field errors of one code', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(screamingCode, message, details), {
          minLength: 1,
          maxLength: 5,
          selector: (t) => t[0],
        }),
        requestId,
        (specs, id) => {
          const errors = specs.map(([code, message, details]) =>
            errorOf({ code, status: 409, message, details }),
          )
          const { parsed } = roundTrip(formats.list, errors, id)
          expect(parsed.map(essentials)).toEqual(
            specs.map(([code, message, details]) => ({
              code,
              status: 409,
              message,
              details: viaJson(details),
              requestId: id,
            })),
          )
        },
      ),
      RUNS,
    )
  })
})

describe('detectFormat', () => {
  it('recognises no shape in values that are not error bodies', () => {
    for (const body of [null, 'text', 42, [], {}, { data: [1] }, { error: 42 }, { message: 'x' }])
      expect(detectFormat(body)).toBeUndefined()
  })
})
