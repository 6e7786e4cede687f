import { describe, expect, it } from 'vitest'
import type { RateLimitDecision } from './decision.js'
import { formatRateLimit, formatRateLimitPolicy, retryAfterHeader } from './headers.js'

type BareItem = string | number | boolean | { token: string }
interface Member {
  value: BareItem
  params: Record<string, BareItem>
}

/** A strict reader of RFC 9651 sf-lists of items (no inner lists, no byte sequences): throws on anything else. */
function parseSfList(input: string): Member[] {
  let pos = 0
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at ${pos} in ${JSON.stringify(input)}`)
  }
  const skipOws = () => {
    while (input[pos] === ' ' || input[pos] === '\t') pos++
  }
  const bareItem = (): BareItem => {
    const c = input[pos] ?? fail('end of input')
    if (c === '"') {
      pos++
      let out = ''
      for (;;) {
        const ch = input[pos++] ?? fail('unterminated string')
        if (ch === '\\') {
          const next = input[pos++]
          if (next !== '"' && next !== '\\') fail('bad escape')
          out += next
        } else if (ch === '"') return out
        else if (ch < ' ' || ch > '~') fail('non-printable character in string')
        else out += ch
      }
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const match = /^-?\d{1,15}(\.\d{1,3})?/.exec(input.slice(pos)) ?? fail('bad number')
      if (!match[1] && match[0].replace('-', '').length > 15) fail('integer too long')
      pos += match[0].length
      return Number(match[0])
    }
    if (c === '?') {
      const bit = input[pos + 1]
      if (bit !== '0' && bit !== '1') fail('bad boolean')
      pos += 2
      return bit === '1'
    }
    const token = /^[A-Za-z*][A-Za-z0-9!#$%&'*+\-.^_`|~:/]*/.exec(input.slice(pos)) ?? fail('bad item')
    pos += token[0].length
    return { token: token[0] }
  }
  const params = (): Record<string, BareItem> => {
    const out: Record<string, BareItem> = {}
    while (input[pos] === ';') {
      pos++
      skipOws()
      const key =
        /^[a-z*][a-z0-9_\-.*]*/.exec(input.slice(pos)) ?? fail('bad parameter key (keys are lowercase)')
      pos += key[0].length
      if (input[pos] === '=') {
        pos++
        out[key[0]] = bareItem()
      } else out[key[0]] = true
    }
    return out
  }
  const members: Member[] = []
  skipOws()
  if (pos === input.length) return members
  for (;;) {
    const value = bareItem()
    members.push({ value, params: params() })
    skipOws()
    if (pos === input.length) return members
    if (input[pos] !== ',') fail('expected comma')
    pos++
    skipOws()
    if (pos === input.length) fail('trailing comma')
  }
}

function expectPolicyItems(members: Member[], paramKeys: string[]) {
  for (const member of members) {
    expect(typeof member.value).toBe('string')
    expect(Object.keys(member.params)).toEqual(paramKeys)
    for (const key of paramKeys) expect(Number.isInteger(member.params[key])).toBe(true)
  }
}

const rejected: RateLimitDecision = {
  allowed: false,
  retryAfterSeconds: 37,
  policies: [
    { name: 'minute', limit: 100, remaining: 0, resetSeconds: 37, windowSeconds: 60 },
    { name: 'day', limit: 1000, remaining: 412, resetSeconds: 50_000, windowSeconds: 86_400 },
  ],
}

describe('RateLimit header fields', () => {
  it('lists every policy in RateLimit-Policy as quoted names with integer q and w', () => {
    const value = formatRateLimitPolicy(rejected)
    expect(value).toBe('"minute";q=100;w=60, "day";q=1000;w=86400')
    const members = parseSfList(value)
    expectPolicyItems(members, ['q', 'w'])
    expect(members.map((m) => m.value)).toEqual(['minute', 'day'])
  })

  it('reports the most restrictive policy in RateLimit, or all of them on request', () => {
    const value = formatRateLimit(rejected)
    expect(value).toBe('"minute";r=0;t=37')
    expectPolicyItems(parseSfList(value), ['r', 't'])
    const all = formatRateLimit(rejected, { all: true })
    expect(parseSfList(all)).toEqual([
      { value: 'minute', params: { r: 0, t: 37 } },
      { value: 'day', params: { r: 412, t: 50_000 } },
    ])
  })

  it('breaks a tie on remaining units by the later reset', () => {
    const tie: RateLimitDecision = {
      allowed: true,
      policies: [
        { name: 'a', limit: 5, remaining: 2, resetSeconds: 3, windowSeconds: 5 },
        { name: 'b', limit: 50, remaining: 2, resetSeconds: 900, windowSeconds: 3600 },
      ],
    }
    expect(formatRateLimit(tie)).toBe('"b";r=2;t=900')
  })

  it('keeps fractional limits and huge values inside the sf-integer grammar', () => {
    const odd: RateLimitDecision = {
      allowed: true,
      policies: [{ name: 'x.y-z_1', limit: 2.5, remaining: 1, resetSeconds: 1e20, windowSeconds: 0.5 }],
    }
    expectPolicyItems(parseSfList(formatRateLimitPolicy(odd)), ['q', 'w'])
    expectPolicyItems(parseSfList(formatRateLimit(odd)), ['r', 't'])
  })

  it('gives Retry-After as delay-seconds only for a rejection that has one', () => {
    expect(retryAfterHeader(rejected)).toBe('37')
    expect(retryAfterHeader({ ...rejected, allowed: true })).toBeUndefined()
    expect(retryAfterHeader({ allowed: false, policies: rejected.policies })).toBeUndefined()
    expect(retryAfterHeader(rejected)).toMatch(/^[1-9]\d*$/)
  })

  it('has a checker that refuses what the grammar refuses', () => {
    expect(() => parseSfList('"a";Q=1')).toThrow(SyntaxError)
    expect(() => parseSfList('"a";q=1,')).toThrow(SyntaxError)
    expect(() => parseSfList('"a;q=1')).toThrow(SyntaxError)
    expect(() => parseSfList('"a";q=1234567890123456')).toThrow(SyntaxError)
  })
})
