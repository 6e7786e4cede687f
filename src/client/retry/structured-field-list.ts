import { FieldScanner, isDigit, SP, type WorkMeter } from './field-scanner.js'

/**
 * A Structured Field List (RFC 9651 §4.2.1), the syntax of the IETF `RateLimit` field.
 * One pass through a FieldScanner; any syntax error fails the whole field, as the RFC requires.
 */

export type BareItem =
  | { readonly type: 'integer' | 'decimal' | 'date'; readonly value: number }
  | { readonly type: 'string' | 'token' | 'bytes' | 'display'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }

export type Parameters = ReadonlyMap<string, BareItem>

export interface Item {
  readonly item: BareItem
  readonly params: Parameters
}

export interface InnerList {
  readonly inner: readonly Item[]
  readonly params: Parameters
}

export type ListMember = Item | InnerList

export function parseStructuredList(text: string, meter?: WorkMeter): ListMember[] | undefined {
  const scanner = new FieldScanner(text, meter)
  scanner.skipSpaces()
  const members: ListMember[] = []
  try {
    while (!scanner.done) {
      members.push(scanner.peek() === OPEN_PAREN ? innerList(scanner) : item(scanner))
      scanner.skipOws()
      if (scanner.done) return members
      if (!scanner.eat(COMMA)) throw SYNTAX
      scanner.skipOws()
      if (scanner.done) throw SYNTAX
    }
  } catch (error) {
    if (error === SYNTAX) return undefined
    throw error
  }
  return members
}

const SYNTAX = new Error('structured field syntax')
const OPEN_PAREN = 0x28
const CLOSE_PAREN = 0x29
const COMMA = 0x2c
const SEMICOLON = 0x3b
const EQUALS = 0x3d
const DQUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const QUESTION = 0x3f
const AT = 0x40
const PERCENT = 0x25
const STAR = 0x2a
const MINUS = 0x2d
const DOT = 0x2e

function innerList(s: FieldScanner): InnerList {
  s.advance()
  const inner: Item[] = []
  for (;;) {
    s.skipSpaces()
    if (s.eat(CLOSE_PAREN)) return { inner, params: parameters(s) }
    inner.push(item(s))
    const next = s.peek()
    if (next !== SP && next !== CLOSE_PAREN) throw SYNTAX
  }
}

function item(s: FieldScanner): Item {
  return { item: bareItem(s), params: parameters(s) }
}

/** Most items carry no parameters; they share one empty map instead of allocating their own. */
const NO_PARAMETERS: Parameters = new Map()

function parameters(s: FieldScanner): Parameters {
  if (s.peek() !== SEMICOLON) return NO_PARAMETERS
  const params = new Map<string, BareItem>()
  while (s.eat(SEMICOLON)) {
    s.skipSpaces()
    const name = key(s)
    params.set(name, s.eat(EQUALS) ? bareItem(s) : { type: 'boolean', value: true })
  }
  return params
}

function key(s: FieldScanner): string {
  const start = s.pos
  const first = s.peek()
  if (!(isLowerAlpha(first) || first === STAR)) throw SYNTAX
  s.advance()
  for (;;) {
    const c = s.peek()
    if (!(isLowerAlpha(c) || isDigit(c) || c === 0x5f || c === MINUS || c === DOT || c === STAR)) break
    s.advance()
  }
  return s.text.slice(start, s.pos)
}

function bareItem(s: FieldScanner): BareItem {
  const c = s.peek()
  if (c === MINUS || isDigit(c)) return number(s)
  if (c === DQUOTE) return { type: 'string', value: quoted(s) }
  if (c === STAR || isAlpha(c)) return token(s)
  if (c === COLON) return bytes(s)
  if (c === QUESTION) return boolean(s)
  if (c === AT) {
    s.advance()
    const date = number(s)
    if (date.type !== 'integer') throw SYNTAX
    return { type: 'date', value: date.value }
  }
  if (c === PERCENT) return display(s)
  throw SYNTAX
}

/** RFC 9651 §4.2.4: at most 15 integer digits, or 12 before and 3 after a decimal point. */
function number(s: FieldScanner): BareItem {
  const negative = s.eat(MINUS)
  if (!isDigit(s.peek())) throw SYNTAX
  let whole = 0
  let wholeDigits = 0
  while (isDigit(s.peek())) {
    whole = whole * 10 + (s.peek() - 0x30)
    wholeDigits++
    if (wholeDigits > 15) throw SYNTAX
    s.advance()
  }
  if (!s.eat(DOT)) return { type: 'integer', value: negative ? -whole : whole }
  if (wholeDigits > 12) throw SYNTAX
  let fraction = 0
  let scale = 1
  while (isDigit(s.peek())) {
    if (scale === 1000) throw SYNTAX
    fraction = fraction * 10 + (s.peek() - 0x30)
    scale *= 10
    s.advance()
  }
  if (scale === 1) throw SYNTAX
  const value = whole + fraction / scale
  return { type: 'decimal', value: negative ? -value : value }
}

function quoted(s: FieldScanner): string {
  s.advance()
  const chunks: string[] = []
  let start = s.pos
  for (;;) {
    const c = s.peek()
    if (c === -1) throw SYNTAX
    if (c === DQUOTE) {
      chunks.push(s.text.slice(start, s.pos))
      s.advance()
      return chunks.join('')
    }
    if (c === BACKSLASH) {
      chunks.push(s.text.slice(start, s.pos))
      s.advance()
      const escaped = s.peek()
      if (escaped !== DQUOTE && escaped !== BACKSLASH) throw SYNTAX
      start = s.pos
      s.advance()
      continue
    }
    if (c < 0x20 || c > 0x7e) throw SYNTAX
    s.advance()
  }
}

function token(s: FieldScanner): BareItem {
  const start = s.pos
  s.advance()
  while (isTokenChar(s.peek())) s.advance()
  return { type: 'token', value: s.text.slice(start, s.pos) }
}

function bytes(s: FieldScanner): BareItem {
  s.advance()
  const start = s.pos
  while (isBase64Char(s.peek())) s.advance()
  const value = s.text.slice(start, s.pos)
  if (!s.eat(COLON)) throw SYNTAX
  return { type: 'bytes', value }
}

function boolean(s: FieldScanner): BareItem {
  s.advance()
  if (s.eat(0x31)) return { type: 'boolean', value: true }
  if (s.eat(0x30)) return { type: 'boolean', value: false }
  throw SYNTAX
}

/** Display String (RFC 9651 §4.2.10): `%"` then printable ASCII with `%xx` lowercase-hex escapes. */
function display(s: FieldScanner): BareItem {
  s.advance()
  if (!s.eat(DQUOTE)) throw SYNTAX
  const bytesOut: number[] = []
  for (;;) {
    const c = s.peek()
    if (c === -1 || c < 0x20 || c > 0x7e) throw SYNTAX
    s.advance()
    if (c === DQUOTE) break
    if (c !== PERCENT) {
      bytesOut.push(c)
      continue
    }
    const high = hexValue(s.peek())
    s.advance()
    const low = hexValue(s.peek())
    s.advance()
    if (high < 0 || low < 0) throw SYNTAX
    bytesOut.push(high * 16 + low)
  }
  try {
    return {
      type: 'display',
      value: new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytesOut)),
    }
  } catch {
    throw SYNTAX
  }
}

function hexValue(c: number): number {
  if (isDigit(c)) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10
  return -1
}

function isLowerAlpha(c: number): boolean {
  return c >= 0x61 && c <= 0x7a
}

function isAlpha(c: number): boolean {
  return isLowerAlpha(c) || (c >= 0x41 && c <= 0x5a)
}

/** tchar (RFC 9110 §5.6.2) plus ":" and "/", as sf-token allows; a table, since it runs per character. */
const TOKEN_CHARS = new Uint8Array(128)
for (const c of "!#$%&'*+-.^_`|~:/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
  TOKEN_CHARS[c.charCodeAt(0)] = 1
}

function isTokenChar(c: number): boolean {
  return c >= 0 && c < 128 && TOKEN_CHARS[c] === 1
}

function isBase64Char(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2f || c === EQUALS
}
