import { describe, expect, it } from 'vitest'
import { canonicalIp } from './ip-address.js'
import { clientIp, clientKey, ipRateLimitKey } from './keys.js'

describe('IP addresses', () => {
  it('canonicalizes IPv4, IPv6, ports, brackets and zones', () => {
    expect(canonicalIp(' 203.0.113.7 ')).toBe('203.0.113.7')
    expect(canonicalIp('203.0.113.7:8080')).toBe('203.0.113.7')
    expect(canonicalIp('[2001:DB8:0:0:0:0:0:1]:443')).toBe('2001:db8::1')
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80::1')
    expect(canonicalIp('"2001:db8::1"')).toBe('2001:db8::1')
    expect(canonicalIp('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3')
    for (const garbage of ['', 'unknown', '999.1.1.1', '1.2.3', '::g', 'a'.repeat(500), '<script>']) {
      expect(canonicalIp(garbage)).toBeUndefined()
    }
  })

  it('treats IPv4-mapped IPv6 as the IPv4 address, in both notations', () => {
    expect(canonicalIp('::ffff:198.51.100.4')).toBe('198.51.100.4')
    expect(canonicalIp('::ffff:c633:6404')).toBe('198.51.100.4')
    expect(ipRateLimitKey('::ffff:198.51.100.4')).toBe('ip:198.51.100.4')
    expect(canonicalIp('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221')
  })

  it('groups IPv6 clients by /56 by default, or by a configured prefix', () => {
    const a = ipRateLimitKey('2001:db8:aa:bb01::1')
    const b = ipRateLimitKey('2001:db8:aa:bbff:ffff::9')
    const other = ipRateLimitKey('2001:db8:aa:bc00::1')
    expect(a).toBe('ip6:2001:db8:aa:bb00::/56')
    expect(b).toBe(a)
    expect(other).not.toBe(a)
    expect(ipRateLimitKey('2001:db8:aa:bb01::1', 64)).toBe('ip6:2001:db8:aa:bb01::/64')
    expect(ipRateLimitKey('2001:db8:aa:bb01::1', 48)).toBe('ip6:2001:db8:aa::/48')
    expect(ipRateLimitKey(undefined)).toBe('ip:unknown')
    expect(() => ipRateLimitKey('::1', 0)).toThrow(RangeError)
  })
})

describe('client IP behind proxies', () => {
  const request = {
    remoteAddress: '10.0.0.2',
    headers: { 'x-forwarded-for': '198.51.100.9, 203.0.113.5, 10.0.0.1' },
  }

  it('uses the socket address unless proxies are trusted', () => {
    expect(clientIp(request)).toBe('10.0.0.2')
    expect(clientIp(request, { trustProxy: false })).toBe('10.0.0.2')
    expect(clientIp(request, { trustProxy: 0 })).toBe('10.0.0.2')
  })

  it('walks back exactly the trusted number of hops', () => {
    expect(clientIp(request, { trustProxy: 1 })).toBe('10.0.0.1')
    expect(clientIp(request, { trustProxy: 2 })).toBe('203.0.113.5')
    expect(clientIp(request, { trustProxy: 3 })).toBe('198.51.100.9')
    expect(clientIp(request, { trustProxy: 10 })).toBe('198.51.100.9')
  })

  it('walks back only through listed proxies (addresses and CIDR ranges)', () => {
    expect(clientIp(request, { trustProxy: ['10.0.0.0/8'] })).toBe('203.0.113.5')
    expect(clientIp(request, { trustProxy: ['10.0.0.2'] })).toBe('10.0.0.1')
    expect(clientIp({ ...request, remoteAddress: '192.0.2.1' }, { trustProxy: ['10.0.0.0/8'] })).toBe(
      '192.0.2.1',
    )
    expect(() => clientIp(request, { trustProxy: ['not-an-ip'] })).toThrow(RangeError)
  })

  it('never uses a garbage entry as the client, and never walks past one', () => {
    const spoofed = { remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': 'evil, 203.0.113.5' } }
    expect(clientIp(spoofed, { trustProxy: 3 })).toBe('203.0.113.5')
    const garbageNearest = { remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.9, <x>' } }
    expect(clientIp(garbageNearest, { trustProxy: 2 })).toBe('10.0.0.2')
    expect(clientIp(garbageNearest, { trustProxy: ['10.0.0.0/8'] })).toBe('10.0.0.2')
  })

  it('reads only the tail of an oversized header', () => {
    const huge = `${'1.1.1.1, '.repeat(10_000)}198.51.100.9`
    const req = { remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': huge } }
    expect(clientIp(req, { trustProxy: 1 })).toBe('198.51.100.9')
    expect(clientIp(req, { trustProxy: 1_000 })).toBe('1.1.1.1')
  })

  it('accepts repeated headers and web Headers objects', () => {
    const repeated = {
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': ['198.51.100.9', '203.0.113.5'] },
    }
    expect(clientIp(repeated, { trustProxy: 2 })).toBe('198.51.100.9')
    const web = new Headers({ 'X-Forwarded-For': '2001:db8::7' })
    expect(clientIp({ remoteAddress: '::ffff:10.0.0.2', headers: web }, { trustProxy: ['10.0.0.2'] })).toBe(
      '2001:db8::7',
    )
  })
})

describe('clientKey', () => {
  it('prefers a verified API key (hashed), then a user id, then the IP', () => {
    const base = { remoteAddress: '2001:db8:1:2::3', headers: {} }
    const byKey = clientKey({ ...base, apiKey: 'sk_live_secret', userId: 'u1' })
    expect(byKey).toMatch(/^key:[A-Za-z0-9_-]{32}$/)
    expect(byKey).not.toContain('secret')
    expect(clientKey({ ...base, apiKey: 'sk_live_secret' })).toBe(byKey)
    expect(clientKey({ ...base, userId: 'u1' })).toBe('user:u1')
    expect(clientKey(base)).toBe('ip6:2001:db8:1::/56')
    expect(clientKey(base, { ipv6PrefixLength: 64 })).toBe('ip6:2001:db8:1:2::/64')
    expect(clientKey({ remoteAddress: undefined })).toBe('ip:unknown')
  })
})
