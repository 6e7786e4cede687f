import { jsonPost, requestHead } from './raw-http.js'

/**
 * Hostile requests as raw bytes, each with the answers that are correct for it. A server may answer a
 * case with any listed status; the code must then be the listed catalog code for that status.
 */
export interface HostileCase {
  readonly name: string
  readonly chunks: ReadonlyArray<string | Uint8Array>
  /** Allowed status → the catalog code it must carry (undefined: a success body, no envelope). */
  readonly expect: Readonly<Record<number, string | undefined>>
  /**
   * node's HTTP parser rejects some framing before any adapter runs, with a bare `400`/`408`/`431`
   * and no body; when set, that answer (or a closed connection) is accepted too.
   */
  readonly parserMayReject?: boolean
  /** The connection may end without a response (the client stopped sending). */
  readonly mayClose?: boolean
  readonly gapMs?: number
  readonly endAfterWrite?: boolean
  readonly timeoutMs?: number
  /** Answers one framework's own, documented parser gives besides the common rules (see docs/hardening.md). */
  readonly lenient?: Readonly<Record<string, Readonly<Record<number, string | undefined>>>>
}

/** The answers allowed for a case on one adapter. */
export function allowedAnswers(
  item: HostileCase,
  adapter: string,
): Readonly<Record<number, string | undefined>> {
  return { ...item.expect, ...item.lenient?.[adapter] }
}

const VALIDATION = { 400: 'VALIDATION_ERROR' }
const OK_OR_VALIDATION = { 200: undefined, 400: 'VALIDATION_ERROR' }

function deepArrays(depth: number, closed: boolean): string {
  return '['.repeat(depth) + (closed ? ']'.repeat(depth) : '')
}

function deepObject(depth: number): string {
  return '{"name":"x","n":1,"deep":'.concat('{"a":'.repeat(depth), '1', '}'.repeat(depth), '}')
}

/**
 * The hostile body cases for `POST /echo` (schema: `{ name: string, n?: number, tags?: string[] }`).
 */
export function hostileBodyCases(bodyLimit: number): HostileCase[] {
  const nearLimitName = 'a'.repeat(bodyLimit - 64)
  const overLimit = JSON.stringify({ name: 'b'.repeat(bodyLimit + 10) })
  const tenKDigits = `{"name":"x","n":${'9'.repeat(10_000)}}`
  const cases: HostileCase[] = [
    { name: 'malformed JSON', chunks: jsonPost('/echo', '{"name": "x",'), expect: VALIDATION },
    { name: 'trailing garbage', chunks: jsonPost('/echo', '{"name":"x"} trailing'), expect: VALIDATION },
    { name: 'single quotes', chunks: jsonPost('/echo', "{'name':'x'}"), expect: VALIDATION },
    { name: 'empty body with JSON type', chunks: jsonPost('/echo', ''), expect: VALIDATION },
    { name: 'whitespace body', chunks: jsonPost('/echo', '   \n  '), expect: VALIDATION },
    { name: 'JSON null', chunks: jsonPost('/echo', 'null'), expect: VALIDATION },
    { name: 'JSON string', chunks: jsonPost('/echo', '"x"'), expect: VALIDATION },
    {
      name: '100,000 unclosed [',
      chunks: jsonPost('/echo', deepArrays(20_000 * 5, false)),
      expect: VALIDATION,
    },
    {
      name: '100,000 nested arrays',
      chunks: jsonPost('/echo', deepArrays(20_000 * 5, true)),
      expect: VALIDATION,
    },
    {
      name: '20,000 nested objects',
      chunks: jsonPost('/echo', deepObject(20_000)),
      expect: OK_OR_VALIDATION,
    },
    { name: 'number 1e999999', chunks: jsonPost('/echo', '{"name":"x","n":1e999999}'), expect: VALIDATION },
    { name: 'number -1e999999', chunks: jsonPost('/echo', '{"name":"x","n":-1e999999}'), expect: VALIDATION },
    { name: 'number of 10,000 digits', chunks: jsonPost('/echo', tenKDigits), expect: VALIDATION },
    {
      name: 'fraction of 10,000 digits',
      chunks: jsonPost('/echo', `{"name":"x","n":0.${'3'.repeat(10_000)}}`),
      expect: { 200: undefined },
    },
    {
      name: 'string near the body limit',
      chunks: jsonPost('/echo', JSON.stringify({ name: nearLimitName })),
      expect: { 200: undefined },
    },
    {
      name: 'string of escapes near the limit',
      chunks: jsonPost('/echo', `{"name":"${'\\u0000'.repeat(Math.floor((bodyLimit - 32) / 6))}"}`),
      expect: { 200: undefined },
    },
    {
      name: 'duplicate keys',
      chunks: jsonPost('/echo', '{"name":"first","name":"second","name":3}'),
      expect: OK_OR_VALIDATION,
    },
    // Accepted as plain data (express, hono) or refused as poisoned JSON (fastify's secure parser): never merged.
    {
      name: '__proto__ payload',
      chunks: jsonPost('/echo', '{"name":"x","__proto__":{"polluted":"yes","name":7}}'),
      expect: OK_OR_VALIDATION,
    },
    {
      name: 'constructor.prototype payload',
      chunks: jsonPost('/echo', '{"name":"x","constructor":{"prototype":{"polluted":"yes"}}}'),
      expect: OK_OR_VALIDATION,
    },
    {
      name: 'nested __proto__ in array',
      chunks: jsonPost('/echo', '{"name":"x","tags":[{"__proto__":{"polluted":1}}]}'),
      expect: VALIDATION,
    },
    {
      name: 'invalid UTF-8 bytes',
      chunks: jsonPost(
        '/echo',
        Buffer.from([
          0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d,
        ]),
      ),
      expect: OK_OR_VALIDATION,
    },
    {
      name: 'lone surrogate escapes',
      chunks: jsonPost('/echo', '{"name":"\\ud800\\udfff\\udc00"}'),
      expect: { 200: undefined },
    },
    { name: 'NUL bytes in body', chunks: jsonPost('/echo', '{"name":"a\u0000b"}'), expect: VALIDATION },
    {
      name: 'UTF-16 BOM body',
      chunks: jsonPost('/echo', Buffer.from('\ufeff{"name":"x"}', 'utf16le')),
      expect: { 400: 'VALIDATION_ERROR', 415: 'UNSUPPORTED_MEDIA_TYPE' },
    },
    {
      name: 'text/plain content type',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'text/plain'],
          ['Content-Length', '12'],
        ]),
        '{"name":"x"}',
      ],
      expect: { 415: 'UNSUPPORTED_MEDIA_TYPE' },
      // Fastify ships a text/plain parser: the route gets a string, which the schema refuses.
      lenient: { fastify: VALIDATION },
    },
    {
      name: 'missing content type',
      chunks: [requestHead('POST', '/echo', [['Content-Length', '12']]), '{"name":"x"}'],
      expect: { 415: 'UNSUPPORTED_MEDIA_TYPE' },
      // Sent through fetch, a string body gets `text/plain;charset=UTF-8`: see the case above.
      lenient: { fastify: VALIDATION },
    },
    {
      name: 'form content type',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/x-www-form-urlencoded'],
          ['Content-Length', '6'],
        ]),
        'name=x',
      ],
      expect: { 415: 'UNSUPPORTED_MEDIA_TYPE' },
    },
    {
      name: 'latin1 charset',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json; charset=latin1'],
          ['Content-Length', '12'],
        ]),
        '{"name":"x"}',
      ],
      expect: { 415: 'UNSUPPORTED_MEDIA_TYPE' },
      // Fastify's JSON parser ignores the charset parameter and reads the bytes as UTF-8.
      lenient: { fastify: { 200: undefined } },
    },
    {
      name: 'content type of 8 KB',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', `application/json; ${'x=1;'.repeat(2_000)}`],
          ['Content-Length', '12'],
        ]),
        '{"name":"x"}',
      ],
      expect: { 200: undefined, 400: 'VALIDATION_ERROR', 415: 'UNSUPPORTED_MEDIA_TYPE' },
    },
    {
      name: 'body over the limit (declared)',
      chunks: jsonPost('/echo', overLimit),
      expect: { 413: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'body over the limit (chunked)',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Transfer-Encoding', 'chunked'],
        ]),
        `${Buffer.byteLength(overLimit).toString(16)}\r\n${overLimit}\r\n0\r\n\r\n`,
      ],
      expect: { 413: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'huge Content-Length, tiny body',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '99999999999999'],
        ]),
        '{"name":"x"}',
      ],
      expect: { 413: 'PAYLOAD_TOO_LARGE' },
      endAfterWrite: true,
      mayClose: true,
    },
    {
      name: 'negative Content-Length',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '-1'],
        ]),
        '{"name":"x"}',
      ],
      expect: {},
      parserMayReject: true,
    },
    {
      name: 'non-numeric Content-Length',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', 'twelve'],
        ]),
        '{"name":"x"}',
      ],
      expect: {},
      parserMayReject: true,
    },
    {
      name: 'two different Content-Lengths',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '12'],
          ['Content-Length', '5'],
        ]),
        '{"name":"x"}',
      ],
      expect: {},
      parserMayReject: true,
    },
    {
      name: 'Content-Length and chunked together',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '5'],
          ['Transfer-Encoding', 'chunked'],
        ]),
        'c\r\n{"name":"x"}\r\n0\r\n\r\n',
      ],
      expect: {},
      parserMayReject: true,
    },
    {
      // The extra bytes are a second, garbage request: node drops the connection (smuggling defence).
      name: 'Content-Length shorter than the body',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '5'],
        ]),
        '{"name":"x"}',
      ],
      expect: VALIDATION,
      parserMayReject: true,
      mayClose: true,
    },
    {
      name: 'Content-Length longer than the body, then FIN',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '500'],
        ]),
        '{"name":"x"}',
      ],
      expect: { 400: 'VALIDATION_ERROR', 499: 'CLIENT_CLOSED_REQUEST' },
      endAfterWrite: true,
      mayClose: true,
      parserMayReject: true,
    },
    {
      name: 'invalid chunk size',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Transfer-Encoding', 'chunked'],
        ]),
        'zz\r\n{}\r\n0\r\n\r\n',
      ],
      expect: {},
      parserMayReject: true,
    },
    {
      name: 'body trickled one byte at a time',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '12'],
        ]),
        ...'{"name":"x"}'.split(''),
      ],
      expect: { 200: undefined },
      gapMs: 40,
      timeoutMs: 10_000,
    },
    {
      name: 'malformed body trickled',
      chunks: [
        requestHead('POST', '/echo', [
          ['Content-Type', 'application/json'],
          ['Content-Length', '10'],
        ]),
        ...'{"name":x}'.split(''),
      ],
      expect: VALIDATION,
      gapMs: 30,
      timeoutMs: 10_000,
    },
  ]
  return cases
}

/** Values for X-Request-Id that must never be echoed (the server generates its own id instead). */
export const HOSTILE_REQUEST_IDS: ReadonlyArray<readonly [string, string]> = [
  ['10 KB', 'r'.repeat(10_000)],
  ['201 characters', 'r'.repeat(201)],
  ['control character', 'abc\u0001def'],
  ['DEL character', 'abc\u007fdef'],
  ['tab inside', 'abc\tdef'],
  ['space inside', 'abc def'],
  ['non-ASCII (UTF-8 bytes)', 'caf\u00c3\u00a9-\u00e2\u0080\u0094'],
]

/** Idempotency-Key values the guard must refuse with 400 VALIDATION_ERROR. */
export const HOSTILE_IDEMPOTENCY_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['10 KB', 'k'.repeat(10_000)],
  ['256 characters', 'k'.repeat(256)],
  ['control character', 'key\u0001x'],
  ['DEL character', 'key\u007fx'],
  ['tab inside', 'key\tx'],
  ['non-ASCII (UTF-8 bytes)', 'cl\u00c3\u00a9'],
  ['only quotes', '""'],
]
