import { describe, expect, it } from 'vitest'
import { LruMap } from './lru.js'

describe('LruMap', () => {
  it('never holds more than maxEntries and evicts the least recently used', () => {
    const lru = new LruMap<string, number>({ maxEntries: 3 })
    lru.set('a', 1).set('b', 2).set('c', 3)
    expect(lru.get('a')).toBe(1) // a is now the most recent; b is the oldest
    lru.set('d', 4)
    expect(lru.size).toBe(3)
    expect(lru.get('b')).toBeUndefined()
    expect([lru.get('a'), lru.get('c'), lru.get('d')]).toEqual([1, 3, 4])
  })

  it('stays bounded under many distinct keys', () => {
    const lru = new LruMap<number, number>({ maxEntries: 100 })
    for (let i = 0; i < 10_000; i++) lru.set(i, i)
    expect(lru.size).toBe(100)
    expect(lru.get(9_999)).toBe(9_999)
    expect(lru.get(9_899)).toBeUndefined()
    expect(lru.get(9_900)).toBe(9_900)
  })

  it('expires entries lazily when read, with no timer', () => {
    const lru = new LruMap<string, string>({ maxEntries: 10 })
    lru.set('k', 'v', 1_000)
    expect(lru.get('k', 999)).toBe('v')
    expect(lru.peek('k', 1_000)).toBeUndefined()
    expect(lru.size).toBe(1) // peek does not remove
    expect(lru.get('k', 1_000)).toBeUndefined()
    expect(lru.size).toBe(0)
  })

  it('reuses freed slots and keeps order after deletes', () => {
    const lru = new LruMap<string, number>({ maxEntries: 2 })
    lru.set('a', 1).set('b', 2)
    expect(lru.delete('a')).toBe(true)
    expect(lru.delete('a')).toBe(false)
    lru.set('c', 3)
    expect(lru.size).toBe(2)
    lru.set('d', 4) // evicts b, the oldest
    expect(lru.has('b')).toBe(false)
    expect(lru.has('c') && lru.has('d')).toBe(true)
    lru.clear()
    expect(lru.size).toBe(0)
    lru.set('e', 5)
    expect(lru.get('e')).toBe(5)
  })

  it('moves the expiry of the entry just read, and of no other', () => {
    const lru = new LruMap<string, string>({ maxEntries: 10 })
    lru.set('a', 'A', 1_000).set('b', 'B', 1_000)
    expect(lru.get('a', 500)).toBe('A')
    lru.expireMostRecentAt(5_000)
    expect(lru.peek('a', 4_999)).toBe('A')
    expect(lru.peek('b', 1_000)).toBeUndefined()
    expect(lru.get('a', 5_000)).toBeUndefined()
  })

  it('updates a value in place without growing', () => {
    const lru = new LruMap<string, number>({ maxEntries: 2 })
    lru.set('a', 1).set('a', 2).set('b', 3)
    expect(lru.size).toBe(2)
    expect(lru.get('a')).toBe(2)
  })

  it('rejects a nonsensical bound', () => {
    expect(() => new LruMap({ maxEntries: 0 })).toThrow(RangeError)
    expect(() => new LruMap({ maxEntries: 1.5 })).toThrow(RangeError)
  })
})
