/**
 * Who a request counts against: a verified API key, else a signed-in user, else the client IP.
 *
 * Pass only identities your authentication has verified: a key read straight from a header would let
 * any client mint a fresh bucket per request. The client IP is the socket address unless proxies
 * are trusted explicitly; `X-Forwarded-For` is read from the right, only through trusted hops,
 * bounded in length, and entries that are not addresses are never used as a key.
 */
import { createHash } from 'node:crypto'
import { BlockList } from 'node:net'
import { canonicalIp, ipv6Network, parseIp } from './ip-address.js'

export type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>

export interface ClientRequestInfo {
  readonly remoteAddress?: string | undefined
  readonly headers?: HeaderBag | undefined
}

/**
 * `false`: the socket address is the client. A number: that many proxies sit in front and each
 * appends to X-Forwarded-For. A list: addresses or CIDR ranges (`10.0.0.0/8`) of trusted proxies.
 */
export type TrustProxy = false | number | readonly string[]

export interface ClientIpOptions {
  readonly trustProxy?: TrustProxy
  /** Only the last this-many characters of X-Forwarded-For are read. Default 2,048. */
  readonly maxForwardedLength?: number
}

export interface ClientKeyOptions extends ClientIpOptions {
  /** IPv6 clients are grouped by this prefix length. Default 56. */
  readonly ipv6PrefixLength?: number
}

export interface ClientIdentity extends ClientRequestInfo {
  /** A verified API key; it is hashed so the secret never reaches the store. */
  readonly apiKey?: string | undefined
  /** A verified user id. */
  readonly userId?: string | undefined
}

const MAX_FORWARDED_ENTRIES = 64

function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined
  const value = (headers as Record<string, string | readonly string[] | undefined>)[name]
  if (value === undefined) return undefined
  return typeof value === 'string' ? value : value.join(',')
}

/** The forwarded chain, oldest first, tail-bounded; entries that are not addresses become undefined. */
function forwardedChain(headers: HeaderBag | undefined, maxLength: number): (string | undefined)[] {
  let value = headerValue(headers, 'x-forwarded-for')
  if (value === undefined || value.length === 0) return []
  if (value.length > maxLength) {
    value = value.slice(-maxLength)
    value = value.slice(value.indexOf(',') + 1) // the first entry may be cut in half
  }
  return value.split(',').slice(-MAX_FORWARDED_ENTRIES).map(canonicalIp)
}

const trustedLists = new WeakMap<readonly string[], BlockList>()
function trustedList(proxies: readonly string[]): BlockList {
  let list = trustedLists.get(proxies)
  if (list !== undefined) return list
  list = new BlockList()
  for (const entry of proxies) {
    const [address = '', bits] = entry.split('/')
    const ip = canonicalIp(address)
    if (ip === undefined) throw new RangeError(`trustProxy entry is not an address or CIDR range: ${entry}`)
    const type = ip.includes(':') ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(ip, type)
    else list.addSubnet(ip, Number(bits), type)
  }
  trustedLists.set(proxies, list)
  return list
}

function isTrusted(list: BlockList, ip: string): boolean {
  return list.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4')
}

/** The client's address as far as the configured proxy trust allows, canonical; undefined if unknown. */
export function clientIp(request: ClientRequestInfo, options: ClientIpOptions = {}): string | undefined {
  const remote = request.remoteAddress === undefined ? undefined : canonicalIp(request.remoteAddress)
  const trust = options.trustProxy ?? false
  if (trust === false || trust === 0 || remote === undefined) return remote
  const chain = [...forwardedChain(request.headers, options.maxForwardedLength ?? 2_048), remote]
  let index = chain.length - 1
  if (typeof trust === 'number') {
    if (!Number.isInteger(trust) || trust < 0) throw new RangeError(`trustProxy hops must be an integer ≥ 0`)
    const target = Math.max(0, chain.length - 1 - trust)
    while (index > target && chain[index - 1] !== undefined) index--
  } else {
    const list = trustedList(trust)
    while (index > 0 && isTrusted(list, chain[index]!) && chain[index - 1] !== undefined) index--
  }
  return chain[index]
}

/** `ip:<IPv4>` or `ip6:<network>/<prefix>` for IPv6, so one subscriber's addresses share a bucket. */
export function ipRateLimitKey(ip: string | undefined, ipv6PrefixLength = 56): string {
  if (!Number.isInteger(ipv6PrefixLength) || ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
    throw new RangeError(`ipv6PrefixLength must be an integer from 1 to 128, got ${ipv6PrefixLength}`)
  }
  const parsed = ip === undefined ? undefined : parseIp(ip)
  if (parsed === undefined) return 'ip:unknown'
  if (parsed.version === 4) return `ip:${parsed.text}`
  return `ip6:${ipv6Network(parsed.words, ipv6PrefixLength)}`
}

/** The rate-limit key for a request: verified API key, else user id, else client IP. */
export function clientKey(identity: ClientIdentity, options: ClientKeyOptions = {}): string {
  if (identity.apiKey)
    return `key:${createHash('sha256').update(identity.apiKey).digest('base64url').slice(0, 32)}`
  if (identity.userId) return `user:${identity.userId}`
  return ipRateLimitKey(clientIp(identity, options), options.ipv6PrefixLength)
}
