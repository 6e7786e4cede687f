/**
 * IP address parsing for rate-limit keys: one canonical text per address, IPv4-mapped IPv6 read as
 * the IPv4 address it carries, and IPv6 grouped by prefix, because one subscriber usually holds a
 * whole /56 (or /48, /64) and could otherwise rotate through addresses to dodge a limit.
 */
import { isIPv4, isIPv6 } from 'node:net'

export type ParsedIp =
  | { readonly version: 4; readonly text: string }
  | { readonly version: 6; readonly words: Uint16Array }

function parseIpv6Words(text: string): Uint16Array | undefined {
  let body = text
  const words = new Uint16Array(8)
  const tail: number[] = []
  // An embedded IPv4 tail (::ffff:192.0.2.1) fills the last two words.
  const lastColon = body.lastIndexOf(':')
  const maybeV4 = body.slice(lastColon + 1)
  if (maybeV4.includes('.')) {
    if (!isIPv4(maybeV4)) return undefined
    const [a, b, c, d] = maybeV4.split('.').map(Number) as [number, number, number, number]
    tail.push((a << 8) | b, (c << 8) | d)
    const head = body.slice(0, lastColon + 1)
    body = head.endsWith('::') ? head : head.slice(0, -1)
  }
  const halves = body.split('::')
  if (halves.length > 2) return undefined
  const parsePart = (part: string) => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)))
  const head = parsePart(halves[0] ?? '')
  const rest = halves.length === 2 ? parsePart(halves[1] ?? '') : []
  const all = [...head, ...rest, ...tail]
  if (halves.length === 1 && all.length !== 8) return undefined
  if (all.length > 8 || all.some((w) => !(w >= 0 && w <= 0xffff))) return undefined
  head.forEach((w, i) => {
    words[i] = w
  })
  const back = [...rest, ...tail]
  back.forEach((w, i) => {
    words[8 - back.length + i] = w
  })
  return words
}

/**
 * Reads an address as it appears in a socket or a forwarding header: surrounding spaces and quotes,
 * `[v6]:port`, `v4:port` and `%zone` are tolerated; anything else is refused (undefined).
 */
export function parseIp(raw: string): ParsedIp | undefined {
  let text = raw.trim()
  if (text.length === 0 || text.length > 64) return undefined
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) text = text.slice(1, -1)
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close < 0) return undefined
    text = text.slice(1, close)
  } else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) {
    text = text.slice(0, text.lastIndexOf(':'))
  }
  const zone = text.indexOf('%')
  if (zone >= 0) text = text.slice(0, zone)
  if (isIPv4(text)) return { version: 4, text }
  if (!isIPv6(text)) return undefined
  const words = parseIpv6Words(text.toLowerCase())
  if (words === undefined) return undefined
  // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket.
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    const high = words[6]!
    const low = words[7]!
    return { version: 4, text: `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}` }
  }
  return { version: 6, words }
}

function formatIpv6(words: Uint16Array): string {
  // Compress the longest run of two or more zero words, as RFC 5952 asks.
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = Array.from(words, (w) => w.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** Canonical text of an address (RFC 5952 for IPv6), or undefined when it is not one. */
export function canonicalIp(raw: string): string | undefined {
  const ip = parseIp(raw)
  if (ip === undefined) return undefined
  return ip.version === 4 ? ip.text : formatIpv6(ip.words)
}

/** The IPv6 network of `prefixLength` bits containing the address, as `network/prefix`. */
export function ipv6Network(words: Uint16Array, prefixLength: number): string {
  const masked = new Uint16Array(8)
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefixLength - i * 16))
    masked[i] = bits === 0 ? 0 : words[i]! & (0xffff << (16 - bits)) & 0xffff
  }
  return `${formatIpv6(masked)}/${prefixLength}`
}
