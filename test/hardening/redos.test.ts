import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseErrorSync } from '../../src/client/parse-error.js'
import { parseRateLimitField, parseRetryAfter, parseStructuredList } from '../../src/client/retry/index.js'
import { detectFormat } from '../../src/formats/index.js'
import { canonicalJson } from '../../src/guards/idempotency/canonical-json.js'
import { fingerprintRequest } from '../../src/guards/idempotency/fingerprint.js'
import { validateIdempotencyKey } from '../../src/guards/idempotency/key.js'
import { canonicalIp } from '../../src/guards/rate-limit/ip-address.js'
import { clientIp } from '../../src/guards/rate-limit/keys.js'
import { isJsonContentType } from '../../src/http/body.js'
import { pathOfUrl } from '../../src/http/path.js'
import { isAcceptableRequestId, requestIdFrom } from '../../src/http/request-id.js'
import { fromFieldName, fromJsonPointer, toJsonPointer } from '../../src/issues.js'
import { Tally } from './support/tally.js'
import { workRatio } from './support/work-bound.js'

const tally = new Tally('redos')
const SMALL = 100_000
const LARGE = 1_000_000
/**
 * A 10x larger input may cost at most this much more. Linear parsers measure x10–x20 here (a 1 MB input
 * leaves the CPU caches; clean CI runs reached x20.2); a quadratic one measures about x100.
 */
const MAX_RATIO = 35

/** Builds an adversarial input of about `size` characters from a repeating unit and a fixed tail. */
const shaped =
  (unit: string, prefix = '', suffix = '') =>
  (size: number) =>
    prefix + unit.repeat(Math.ceil((size - prefix.length - suffix.length) / unit.length)) + suffix

interface Target {
  readonly name: string
  readonly run: (input: string) => unknown
  readonly input: (size: number) => string
  /**
   * Builds one object per member: its cost grows with the heap as well as the input (V8's own JSON.parse
   * of 1 MB costs ~14x its 100 KB cost here), so its bound is measured against JSON.parse's own ratio.
   */
  readonly allocates?: boolean
  /** Input sizes (small, large: 10x apart); default 100 KB and 1 MB. */
  readonly sizes?: readonly [number, number]
}

/** An input JSON.parse turns into one small object per 20 bytes, the reference for allocating targets. */
const manyObjects = (n: number) =>
  JSON.stringify(Array.from({ length: Math.floor(n / 20) }, (_, i) => ({ k: i, v: 'x' })))

const generate = () => 'req_x'
const TARGETS: Target[] = [
  { name: 'isAcceptableRequestId, visible ASCII', run: isAcceptableRequestId, input: shaped('a') },
  {
    name: 'requestIdFrom, control at the end',
    run: (s) => requestIdFrom(s, true, generate),
    input: shaped('a', '', '\u0001'),
  },
  {
    name: 'validateIdempotencyKey, inner spaces',
    run: validateIdempotencyKey,
    input: shaped(' ', 'k', '\u0001'),
  },
  { name: 'validateIdempotencyKey, quoted', run: validateIdempotencyKey, input: shaped('"', '"', '"') },
  { name: 'parseRetryAfter, digits', run: (s) => parseRetryAfter({ 'retry-after': s }), input: shaped('9') },
  {
    name: 'parseRetryAfter, spaces then junk',
    run: (s) => parseRetryAfter({ 'retry-after': s }),
    input: shaped(' ', '', 'x'),
  },
  {
    name: 'parseRetryAfter, date-like',
    run: (s) => parseRetryAfter({ 'retry-after': s }),
    input: shaped('Sun, 06 Nov 1994 '),
  },
  {
    name: 'parseRetryAfter, retry-after-ms fraction',
    run: (s) => parseRetryAfter({ 'retry-after-ms': s }),
    input: shaped('1', '1.'),
  },
  {
    name: 'parseRetryAfter, RateLimit params',
    run: (s) => parseRetryAfter({ ratelimit: s }),
    input: shaped(';r=0;t=1', '"p"'),
  },
  {
    name: 'parseRateLimitField, many members',
    run: parseRateLimitField,
    input: shaped('"a";r=0;t=1, '),
    allocates: true,
  },
  { name: 'parseRateLimitField, open string', run: parseRateLimitField, input: shaped('\\"', '"') },
  {
    name: 'parseStructuredList, inner lists',
    run: parseStructuredList,
    sizes: [6_400, 64_000],
    input: shaped('(a b c);x=1, '),
    allocates: true,
  },
  {
    name: 'parseStructuredList, unclosed inner list',
    run: parseStructuredList,
    input: shaped(' a', '('),
    sizes: [6_400, 64_000],
  },
  {
    name: 'detectFormat, wide object',
    run: (s) => detectFormat(JSON.parse(s)),
    input: (n) =>
      JSON.stringify({
        errors: Array.from({ length: Math.floor(n / 40) }, (_, i) => ({ code: `C${i}`, message: 'm' })),
      }),
    allocates: true,
  },
  {
    name: 'parseErrorSync, JSON text of many errors',
    run: (s) => parseErrorSync({ status: 400, headers: {}, body: s }),
    input: (n) =>
      JSON.stringify({
        errors: Array.from({ length: Math.floor(n / 60) }, (_, i) => ({
          code: `C${i}`,
          message: 'm',
          field: 'a.b',
        })),
      }),
    allocates: true,
  },
  {
    name: 'parseErrorSync, HTML page',
    run: (s) => parseErrorSync({ status: 502, headers: { 'content-type': 'text/html' }, body: s }),
    input: shaped('<div><p>', '<html>'),
  },
  {
    name: 'parseErrorSync, unclosed JSON',
    run: (s) => parseErrorSync({ status: 500, headers: { 'content-type': 'application/json' }, body: s }),
    input: shaped('[{"a":', ''),
  },
  {
    name: 'parseErrorSync, problem with long pointers',
    run: (s) => parseErrorSync({ status: 400, headers: {}, body: s }),
    input: (n) =>
      JSON.stringify({
        type: 'about:blank',
        status: 400,
        code: 'X',
        errors: [{ pointer: '/a~1'.repeat(Math.floor(n / 4)), detail: 'd' }],
      }),
  },
  { name: 'fromJsonPointer, tildes', run: fromJsonPointer, input: shaped('/~0~1') },
  { name: 'fromJsonPointer, digits', run: fromJsonPointer, input: shaped('/1234567890123456') },
  { name: 'toJsonPointer, one long segment', run: (s) => toJsonPointer([s, s]), input: shaped('~/') },
  { name: 'fromFieldName, dots and digits', run: fromFieldName, input: shaped('.0') },
  {
    name: 'isJsonContentType, charset spaces',
    run: isJsonContentType,
    input: shaped(' ', 'application/json; charset=', 'x'),
  },
  {
    name: 'isJsonContentType, repeated charset',
    run: isJsonContentType,
    input: shaped('charset ', 'application/json;'),
  },
  { name: 'pathOfUrl, slashes and queries', run: pathOfUrl, input: shaped('/?#', 'http://h') },
  { name: 'canonicalIp, colons', run: canonicalIp, input: shaped(':') },
  {
    name: 'clientIp, X-Forwarded-For chain',
    run: (s) =>
      clientIp(
        { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': s } },
        { trustProxy: ['127.0.0.1'] },
      ),
    input: shaped('10.0.0.1, '),
  },
  {
    name: 'canonicalJson, wide object',
    run: (s) => canonicalJson(JSON.parse(s)),
    input: (n) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: Math.floor(n / 20) }, (_, i) => [`k${i}`, i]))),
    allocates: true,
  },
  {
    name: 'fingerprintRequest, long body string',
    run: (s) => fingerprintRequest({ method: 'POST', path: '/x', body: { s } }),
    input: shaped('\u00e9"\\'),
  },
]

describe('every input-path parser does linear work on 1 MB adversarial input', () => {
  let referenceRatio = 10
  beforeAll(() => {
    referenceRatio = workRatio((s) => JSON.parse(s), manyObjects(SMALL), manyObjects(LARGE)).ratio
    console.log(`hardening redos: JSON.parse reference ratio x${referenceRatio.toFixed(1)} for 10x input`)
  })

  it.each(TARGETS)('$name', (target) => {
    // The lowest of up to three measurements: another test file's CPU load can inflate one, never deflate
    // it, and a super-linear parser fails all three.
    // Parsers that build nested objects per member are measured below the size where V8 moves their
    // output to the old generation, where GC noise (x20–x48 seen) would hide the parser's own scaling.
    const [smallSize, largeSize] = target.sizes ?? [SMALL, LARGE]
    const small = target.input(smallSize)
    const large = target.input(largeSize)
    let result = workRatio(target.run, small, large)
    for (let attempt = 1; attempt < 3 && result.ratio > MAX_RATIO; attempt++) {
      const again = workRatio(target.run, small, large)
      if (again.ratio < result.ratio) result = again
    }
    // Parsers that allocate per member pay for heap growth and old-space GC between 100 KB and 1 MB, which
    // V8's own JSON.parse shows too; 5× its ratio still fails a quadratic parser (×100 for 10× input).
    const bound = target.allocates ? Math.max(MAX_RATIO, 5 * referenceRatio) : MAX_RATIO
    const line = `${target.name}: ${result.smallMicros.toFixed(0)} µs -> ${result.largeMicros.toFixed(0)} µs (x${result.ratio.toFixed(1)})`
    tally.check(target.name, result.ratio <= bound ? undefined : line)
    expect(result.ratio, line).toBeLessThanOrEqual(bound)
  })

  it('counts linear work in the retry parsers with their own meter', () => {
    for (const [name, headers] of [
      ['retry-after', (s: string) => ({ 'retry-after': s })],
      ['ratelimit', (s: string) => ({ ratelimit: s })],
    ] as const) {
      const steps = (size: number) => {
        const meter = { steps: 0 }
        parseRetryAfter(headers(shaped(';r=0;t=1, "p"', '"p"')(size)), 0, { meter })
        return meter.steps
      }
      const small = steps(SMALL)
      const large = steps(LARGE)
      tally.check(`meter ${name}`, large <= small * 12 + 100 ? undefined : `${small} -> ${large} steps`)
      expect(large).toBeLessThanOrEqual(small * 12 + 100)
    }
  })
})

/** Every `.ts` file under `dir`, tests and fixtures excluded. */
function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('.fixture.')) out.push(path)
  }
  return out
}

/** Regex literals in TypeScript source: a `/` where an expression starts, up to the closing unescaped `/`. */
function regexLiterals(source: string): string[] {
  const found: string[] = []
  const pattern =
    /(?:^|[=(,:!&|?;{}[\]]|\breturn|\btest)\s*\/((?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/[dgimsuyv]*/gm
  for (const match of source.matchAll(pattern))
    if (match[1] !== undefined && !match[1].startsWith('/') && !match[1].startsWith('*')) found.push(match[1])
  return found
}

/** The literal character a group body starts with (`_x`, `\.x`), or undefined for a class, escape class or group. */
function leadingLiteral(body: string): string | undefined {
  if (body.startsWith('\\')) return /^\\[^dDwWsSbBpPux0-9]/.test(body) ? body[1] : undefined
  return /^[^[(.^$|]/.test(body) ? body[0] : undefined
}

/**
 * A group that holds an unbounded quantifier and is itself unbounded-quantified — `(a+)+`, `(a*)*`,
 * `(?:x+y?)*` — or an alternation of overlapping branches under a star: the shapes that backtrack
 * exponentially. A group led by a separator no class inside it can match (`(?:_[A-Z0-9]+)*`) is safe.
 */
function nestedQuantifier(regex: string): boolean {
  const group = /\((?:\?:)?((?:\\.|\[(?:\\.|[^\]\\])*\]|[^()[\]\\])*)\)(?:\+|\*|\{\d+,\})/g
  for (const match of regex.matchAll(group)) {
    const body = match[1] ?? ''
    const plain = body.replace(/\\./g, 'e').replace(/\[(?:\\.|[^\]\\])*\]/g, 'c')
    const branches = plain.split('|')
    if (branches.length > 1) {
      const [first, second] = branches
      if (first === second || (first !== undefined && second?.startsWith(first))) return true
    }
    if (!/[+*]|\{\d+,\}/.test(plain)) continue
    const lead = leadingLiteral(body)
    const classes = [...body.matchAll(/\[((?:\\.|[^\]\\])*)\]/g)].map((m) => new RegExp(`[${m[1]}]`))
    if (
      lead !== undefined &&
      !/^.[*+?{]/.test(plain) &&
      classes.every((cls) => !cls.test(lead)) &&
      !plain.slice(1).includes(lead)
    )
      continue
    return true
  }
  return false
}

describe('static scan of regular expressions', () => {
  const root = join(import.meta.dirname, '../..')
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'examples/agents-api'))]

  it('finds the regex literals it scans (the scanner itself works)', () => {
    expect(regexLiterals('const a = /^(a+)+$/\nif (/x*y/.test(s)) return /[/]z/g')).toEqual([
      '^(a+)+$',
      'x*y',
      '[/]z',
    ])
    expect(nestedQuantifier('^(a+)+$')).toBe(true)
    expect(nestedQuantifier('(?:x*y?)*')).toBe(true)
    expect(nestedQuantifier('(a|a)*')).toBe(true)
    expect(nestedQuantifier('^[\\x21-\\x7e](?:[\\x20-\\x7e]*[\\x21-\\x7e])?$')).toBe(false)
    expect(nestedQuantifier('^(0|[1-9][0-9]{0,15})$')).toBe(false)
    expect(nestedQuantifier('^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$')).toBe(false)
    expect(nestedQuantifier('^(?:[a-z_]+)*$')).toBe(true)
    expect(nestedQuantifier('^\\d{1,3}(\\.\\d{1,3}){3}:\\d+$')).toBe(false)
  })

  it('no regex in src/ or the example has a nested quantifier', () => {
    const offenders: string[] = []
    let count = 0
    for (const file of files) {
      for (const regex of regexLiterals(readFileSync(file, 'utf8'))) {
        count++
        if (nestedQuantifier(regex)) offenders.push(`${relative(root, file)}: /${regex}/`)
      }
    }
    tally.cases += count
    console.log(`hardening redos: scanned ${count} regex literals in ${files.length} files`)
    expect(count).toBeGreaterThan(20)
    expect(offenders).toEqual([])
  })
})

afterAll(() => {
  console.log(tally.summary())
  expect(tally.failures).toEqual([])
})
