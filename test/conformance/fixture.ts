import { z } from 'zod'
import type { ErrorEvent, FaultlineOptions } from '../../src/http/index.js'
import type { RequestSchemas } from '../../src/http/validate.js'
import { type FormatName, standardCatalog, standardErrors } from '../../src/index.js'

/** The catalog every adapter serves in the suite. */
export const catalog = standardCatalog

/** The secret every internal failure carries: it must never reach a response body. */
export const SECRET = 'hunter2'

export const FIXED_TIME = '2026-03-07T12:00:00.000Z'

export const BODY_LIMIT = 1024

export const STANDARD_CODES = Object.keys(standardErrors) as Array<keyof typeof standardErrors>

/** Every format is served under its own prefix (`/f/flat/...`); the root serves the default, problem. */
export const FORMAT_NAMES: readonly FormatName[] = [
  'problem',
  'flat',
  'plain',
  'status',
  'list',
  'nested',
  'nestedPublic',
]
export const PREFIXES: readonly string[] = ['', ...FORMAT_NAMES.map((name) => `/f/${name}`)]

export interface Recorder {
  readonly events: ErrorEvent[]
  readonly options: FaultlineOptions
}

/** One options object per server: formats per prefix, a fixed clock, and a hook that records every call. */
export function recordingOptions(): Recorder {
  const events: ErrorEvent[] = []
  const formats: Record<string, FormatName> = {}
  for (const name of FORMAT_NAMES) formats[`/f/${name}`] = name
  return {
    events,
    options: {
      catalog,
      format: 'problem',
      formats,
      bodyLimit: BODY_LIMIT,
      now: () => FIXED_TIME,
      onError: (event) => events.push(event),
    },
  }
}

/** Values thrown by `/throw/:kind` and `/reject/:kind`. */
export const THROWN: Readonly<Record<string, () => unknown>> = {
  string: () => `db password=${SECRET}`,
  null: () => null,
  undefined: () => undefined,
  number: () => 42,
  boolean: () => false,
  object: () => ({ message: `plain object ${SECRET}`, detail: SECRET }),
  circular: () => {
    const outer = new Error(`outer ${SECRET}`)
    const inner = new Error(`inner cause ${SECRET}`, { cause: outer })
    ;(outer as { cause?: unknown }).cause = inner
    return outer
  },
  getters: () =>
    new Proxy(
      {},
      {
        get() {
          throw new Error(`getter ${SECRET}`)
        },
        getPrototypeOf() {
          throw new Error(`prototype ${SECRET}`)
        },
      },
    ),
  secret: () => new Error(`db password=${SECRET}`),
  syntax: () => {
    try {
      JSON.parse(`{"${SECRET}"`)
    } catch (error) {
      return error
    }
    return undefined
  },
  status404: () => Object.assign(new Error('Widget missing'), { status: 404 }),
  status503: () => Object.assign(new Error(`upstream ${SECRET}`), { statusCode: 503 }),
  timeout: () => new DOMException(`timed out ${SECRET}`, 'TimeoutError'),
  withCause: () => new Error('wrapper', { cause: new Error(`root cause ${SECRET}`) }),
}

/** What `/codes/:code` passes to `catalog.create` for codes that need details or headers. */
export function createOptionsFor(code: string): Record<string, unknown> | undefined {
  if (code === 'VALIDATION_ERROR') return { details: { issues: [{ path: ['name'], message: 'Required' }] } }
  if (code === 'RATE_LIMITED') return { headers: { 'retry-after': '30' } }
  if (code === 'SERVICE_UNAVAILABLE')
    return { headers: { 'retry-after': '5' }, cause: new Error(`db ${SECRET}`) }
  if (code === 'INTERNAL_ERROR') return { message: `internal ${SECRET}` }
  return undefined
}

export function errorForCode(code: string): unknown {
  if (!catalog.has(code)) return new Error(`unknown code ${code}`)
  return catalog.create(code as 'NOT_FOUND', createOptionsFor(code) as undefined)
}

export const agentBody = z.object({ name: z.string().min(1), age: z.number().int().min(0) })
export const itemParams = z.object({ id: z.string().regex(/^\d+$/, 'id must be numeric') })
export const itemQuery = z.object({ limit: z.coerce.number().int().min(1).max(100) })

/** A route as data: each app registers it its own way, and runs the same behaviour. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly schemas?: RequestSchemas
  /** `cors`: sets Access-Control-Allow-Origin before failing; `stream`: fails after writing; `abort`: waits for the client to leave. */
  readonly special?: 'cors' | 'stream' | 'abort'
  readonly run: (input: { params: Record<string, string>; valid: unknown }) => unknown
}

async function tick(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 2))
}

const BASE_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/ok', run: () => ({ ok: true }) },
  { method: 'POST', path: '/ok', run: () => ({ ok: true }) },
  {
    method: 'GET',
    path: '/codes/:code',
    run: ({ params }) => {
      throw errorForCode(params.code ?? '')
    },
  },
  {
    method: 'GET',
    path: '/throw/:kind',
    run: ({ params }) => {
      throw (THROWN[params.kind ?? ''] ?? THROWN.secret!)()
    },
  },
  {
    method: 'GET',
    path: '/reject/:kind',
    run: async ({ params }) => {
      await tick()
      throw (THROWN[params.kind ?? ''] ?? THROWN.secret!)()
    },
  },
  { method: 'POST', path: '/agents', schemas: { body: agentBody }, run: ({ valid }) => ({ created: valid }) },
  {
    method: 'GET',
    path: '/items/:id',
    schemas: { params: itemParams, query: itemQuery },
    run: ({ valid }) => valid,
  },
  {
    method: 'POST',
    path: '/items/:id',
    schemas: { params: itemParams, query: itemQuery, body: agentBody },
    run: ({ valid }) => valid,
  },
  {
    method: 'GET',
    path: '/cors',
    special: 'cors',
    run: () => {
      throw catalog.create('FORBIDDEN')
    },
  },
]

/** Routes outside the format prefixes: streaming and aborts have no body to compare. */
export const ROOT_ONLY_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/stream', special: 'stream', run: () => new Error(`stream broke ${SECRET}`) },
  {
    method: 'GET',
    path: '/wait-for-abort',
    special: 'abort',
    run: () => new DOMException('the client went away', 'AbortError'),
  },
]

/** Every route, under every prefix. */
export const ROUTES: readonly RouteSpec[] = [
  ...PREFIXES.flatMap((prefix) => BASE_ROUTES.map((route) => ({ ...route, path: `${prefix}${route.path}` }))),
  ...ROOT_ONLY_ROUTES,
]

export const CORS_ORIGIN = 'https://app.example'

/** Waits (bounded) until the signal aborts. */
export function untilAborted(signal: AbortSignal, limitMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(resolve, limitMs)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
}

export interface RunningServer {
  readonly name: string
  readonly port: number
  readonly recorder: Recorder
  close(): Promise<void>
}
