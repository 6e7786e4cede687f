import { standardErrors } from '../../src/index.js'
import type { CaseRequest } from './client.js'
import { BODY_LIMIT, FORMAT_NAMES, STANDARD_CODES, THROWN } from './fixture.js'

export interface Case {
  readonly name: string
  readonly request: CaseRequest
  readonly status: number
  /** When set, the response must echo this id; otherwise the case's own id is sent and echoed. */
  readonly echoedId?: string
  /** The response carries a freshly generated id (the one sent was refused). */
  readonly generatesId?: boolean
  /** Answered by the HTTP parser before the adapter runs: no id, no hook call, only identity across servers. */
  readonly beforeAdapter?: boolean
  readonly check?: (
    body: unknown,
    observed: { headers: Readonly<Record<string, string | undefined>> },
  ) => void
}

const json = { 'content-type': 'application/json' }

const THROWN_STATUS: Readonly<Record<string, number>> = { status404: 404, status503: 503, timeout: 504 }

function statusOfThrown(kind: string): number {
  return THROWN_STATUS[kind] ?? 500
}

const cases: Case[] = []

// Every standard code, thrown by a route, in the default format.
for (const code of STANDARD_CODES) {
  cases.push({
    name: `code ${code}`,
    request: { method: 'GET', path: `/codes/${code}` },
    status: standardErrors[code].status,
  })
}

// The same codes in every other format (chosen by path prefix).
for (const format of FORMAT_NAMES.filter((name) => name !== 'problem')) {
  for (const code of [
    'NOT_FOUND',
    'VALIDATION_ERROR',
    'RATE_LIMITED',
    'INTERNAL_ERROR',
    'SERVICE_UNAVAILABLE',
  ] as const) {
    cases.push({
      name: `${format} ${code}`,
      request: { method: 'GET', path: `/f/${format}/codes/${code}` },
      status: standardErrors[code].status,
    })
  }
}

// Anything thrown, synchronously and as a rejection.
for (const kind of Object.keys(THROWN)) {
  cases.push({
    name: `throw ${kind}`,
    request: { method: 'GET', path: `/throw/${kind}` },
    status: statusOfThrown(kind),
  })
  cases.push({
    name: `reject ${kind}`,
    request: { method: 'GET', path: `/reject/${kind}` },
    status: statusOfThrown(kind),
  })
}
for (const [format, kind] of [
  ['list', 'secret'],
  ['nested', 'circular'],
  ['flat', 'string'],
  ['status', 'getters'],
  ['plain', 'null'],
  ['nestedPublic', 'withCause'],
] as const) {
  cases.push({
    name: `${format} reject ${kind}`,
    request: { method: 'GET', path: `/f/${format}/reject/${kind}` },
    status: 500,
  })
}

// Bodies.
const validAgent = JSON.stringify({ name: 'Ada', age: 36 })
cases.push(
  {
    name: 'valid body',
    request: { method: 'POST', path: '/agents', headers: json, body: validAgent },
    status: 200,
  },
  {
    name: 'malformed JSON',
    request: { method: 'POST', path: '/agents', headers: json, body: '{"name":' },
    status: 400,
  },
  {
    name: 'empty JSON body',
    request: { method: 'POST', path: '/agents', headers: json, body: '' },
    status: 400,
  },
  {
    name: 'oversized body',
    request: {
      method: 'POST',
      path: '/agents',
      headers: json,
      body: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT * 2), age: 1 }),
    },
    status: 413,
  },
  {
    name: 'wrong content type',
    request: {
      method: 'POST',
      path: '/agents',
      headers: { 'content-type': 'application/xml' },
      body: '<agent/>',
    },
    status: 415,
  },
  { name: 'missing body', request: { method: 'POST', path: '/agents' }, status: 400 },
  {
    name: 'body schema: every issue',
    request: {
      method: 'POST',
      path: '/agents',
      headers: json,
      body: JSON.stringify({ name: '', age: -1.5 }),
    },
    status: 400,
    check: (body) => {
      const issues = (body as { errors: Array<{ pointer: string }> }).errors.map((issue) => issue.pointer)
      if (!issues.includes('/body/name') || !issues.includes('/body/age'))
        throw new Error(`issues: ${issues.join(',')}`)
    },
  },
  {
    name: 'status malformed JSON',
    request: { method: 'POST', path: '/f/status/agents', headers: json, body: '[1,' },
    status: 400,
  },
  {
    name: 'list body issues',
    request: { method: 'POST', path: '/f/list/agents', headers: json, body: JSON.stringify({ age: 'old' }) },
    status: 400,
  },
  {
    name: 'plain oversized',
    request: {
      method: 'POST',
      path: '/f/plain/agents',
      headers: json,
      body: `"${'y'.repeat(BODY_LIMIT * 4)}"`,
    },
    status: 413,
  },
)

// Params and query.
cases.push(
  { name: 'valid params and query', request: { method: 'GET', path: '/items/42?limit=5' }, status: 200 },
  { name: 'params and query issues', request: { method: 'GET', path: '/items/abc?limit=0' }, status: 400 },
  { name: 'query missing', request: { method: 'GET', path: '/items/7' }, status: 400 },
  {
    name: 'every part at once',
    request: { method: 'POST', path: '/items/x?limit=500', headers: json, body: '{}' },
    status: 400,
    check: (body) => {
      const pointers = (body as { errors: Array<{ pointer: string }> }).errors.map((issue) => issue.pointer)
      for (const expected of ['/params/id', '/query/limit', '/body/name', '/body/age'])
        if (!pointers.includes(expected)) throw new Error(`missing ${expected} in ${pointers.join(',')}`)
    },
  },
  {
    name: 'nested params issues',
    request: { method: 'GET', path: '/f/nested/items/abc?limit=x' },
    status: 400,
  },
  { name: 'flat query issues', request: { method: 'GET', path: '/f/flat/items/3?limit=1000' }, status: 400 },
)

// Routing.
cases.push(
  { name: 'unknown route', request: { method: 'GET', path: '/nope' }, status: 404 },
  { name: 'unknown route under a prefix', request: { method: 'GET', path: '/f/nested/nope' }, status: 404 },
  {
    name: 'wrong method',
    request: { method: 'DELETE', path: '/ok' },
    status: 405,
    check: (_body, { headers }) => {
      if (headers.allow !== 'GET, HEAD, POST') throw new Error(`allow: ${headers.allow}`)
    },
  },
  {
    name: 'wrong method with params',
    request: { method: 'PUT', path: '/f/flat/codes/NOT_FOUND', headers: json, body: '{}' },
    status: 405,
  },
  {
    name: 'CORS header kept',
    request: { method: 'GET', path: '/cors', headers: { origin: 'https://app.example' } },
    status: 403,
    check: (_body, { headers }) => {
      if (headers['access-control-allow-origin'] !== 'https://app.example')
        throw new Error('CORS header lost')
    },
  },
)

// Request ids.
const id200 = 'a'.repeat(200)
cases.push(
  {
    name: 'valid id echoed',
    request: { method: 'GET', path: '/codes/NOT_FOUND', headers: { 'x-request-id': 'abc-123_XYZ.~!' } },
    status: 404,
    echoedId: 'abc-123_XYZ.~!',
  },
  {
    name: '200-char id echoed',
    request: { method: 'GET', path: '/codes/CONFLICT', headers: { 'x-request-id': id200 } },
    status: 409,
    echoedId: id200,
  },
  {
    name: '201-char id refused',
    request: { method: 'GET', path: '/codes/CONFLICT', headers: { 'x-request-id': `${id200}b` } },
    status: 409,
    generatesId: true,
  },
  {
    name: '10 KB id refused',
    request: {
      method: 'GET',
      path: '/f/list/codes/NOT_FOUND',
      headers: { 'x-request-id': 'k'.repeat(10_240) },
    },
    status: 404,
    generatesId: true,
  },
  {
    name: 'id with a space refused',
    request: { method: 'GET', path: '/codes/NOT_FOUND', headers: { 'x-request-id': 'a b' } },
    status: 404,
    generatesId: true,
  },
  {
    name: 'non-ASCII id refused',
    request: {
      method: 'GET',
      path: '/codes/NOT_FOUND',
      rawHeaderLines: [Buffer.from('X-Request-Id: r\u00e9q-\u2603', 'utf8')],
    },
    status: 404,
    generatesId: true,
  },
  {
    // node:http refuses control characters (but tab) in header values itself, before any adapter runs.
    name: 'control character id refused by the HTTP parser',
    request: {
      method: 'GET',
      path: '/f/nested/codes/NOT_FOUND',
      rawHeaderLines: [Buffer.from('X-Request-Id: abc\u0001def', 'latin1')],
    },
    status: 400,
    beforeAdapter: true,
  },
  {
    name: 'tab in id refused',
    request: {
      method: 'GET',
      path: '/codes/NOT_FOUND',
      rawHeaderLines: [Buffer.from('X-Request-Id: abc\tdef', 'latin1')],
    },
    status: 404,
    generatesId: true,
  },
  {
    name: 'CR/LF in id never splits the response',
    request: {
      method: 'GET',
      path: '/codes/NOT_FOUND',
      rawHeaderLines: [Buffer.from('X-Request-Id: crlf\r\nX-Injected: 1', 'latin1')],
    },
    status: 404,
    echoedId: 'crlf',
    check: (_body, { headers }) => {
      if (headers['x-injected'] !== undefined) throw new Error('a request header was reflected')
    },
  },
)

export const CASES: readonly Case[] = cases
