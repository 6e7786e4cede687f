/**
 * A bounded least-recently-used map with lazy expiry, for in-process guard state.
 *
 * Why this shape: a guard touches one entry per request, so every operation is O(1) with no
 * allocation on a hit: the recency list lives in typed arrays indexed by slot, and expiry is a
 * number per slot checked when an entry is read (no timer per key, nothing runs in the background).
 * When the map is full, the least recently used entry is evicted to make room.
 */

const NONE = -1

export interface LruMapOptions {
  /** Most entries held at once; inserting beyond this evicts the least recently used entry. */
  readonly maxEntries: number
}

export class LruMap<K, V> {
  readonly maxEntries: number
  readonly #slots = new Map<K, number>()
  readonly #keys: (K | undefined)[]
  readonly #values: (V | undefined)[]
  readonly #expiresAt: Float64Array
  readonly #newer: Int32Array
  readonly #older: Int32Array
  /** Most recently used slot. */
  #head = NONE
  /** Least recently used slot: the next one evicted. */
  #tail = NONE
  /** Slots freed by delete or expiry, reused before fresh ones. */
  readonly #free: number[] = []
  #used = 0

  constructor(options: LruMapOptions) {
    const max = options.maxEntries
    if (!Number.isInteger(max) || max < 1 || max > 2 ** 30) {
      throw new RangeError(`maxEntries must be an integer between 1 and 2^30, got ${max}`)
    }
    this.maxEntries = max
    this.#keys = []
    this.#values = []
    this.#expiresAt = new Float64Array(max)
    this.#newer = new Int32Array(max).fill(NONE)
    this.#older = new Int32Array(max).fill(NONE)
  }

  get size(): number {
    return this.#slots.size
  }

  /** The live value for `key`, marking it most recently used; an expired entry is removed and reads as absent. */
  get(key: K, now: number = Date.now()): V | undefined {
    const slot = this.#slots.get(key)
    if (slot === undefined) return undefined
    if (this.#expiresAt[slot]! <= now) {
      this.#remove(key, slot)
      return undefined
    }
    this.#moveToHead(slot)
    return this.#values[slot]
  }

  /** The live value for `key` without changing its recency. */
  peek(key: K, now: number = Date.now()): V | undefined {
    const slot = this.#slots.get(key)
    if (slot === undefined || this.#expiresAt[slot]! <= now) return undefined
    return this.#values[slot]
  }

  has(key: K, now: number = Date.now()): boolean {
    return this.peek(key, now) !== undefined
  }

  /**
   * Stores `value` until the absolute time `expiresAt` (same clock as the `now` given to `get`;
   * `Infinity` never expires) and marks it most recently used.
   */
  set(key: K, value: V, expiresAt: number = Number.POSITIVE_INFINITY): this {
    let slot = this.#slots.get(key)
    if (slot === undefined) {
      slot = this.#allocate()
      this.#slots.set(key, slot)
      this.#keys[slot] = key
      this.#linkAtHead(slot)
    } else {
      this.#moveToHead(slot)
    }
    this.#values[slot] = value
    this.#expiresAt[slot] = expiresAt
    return this
  }

  /**
   * Moves the expiry of the most recently used entry (the one `get` or `set` just returned or stored):
   * a hit that updates its value in place then needs no second lookup of its key.
   */
  expireMostRecentAt(expiresAt: number): void {
    if (this.#head !== NONE) this.#expiresAt[this.#head] = expiresAt
  }

  delete(key: K): boolean {
    const slot = this.#slots.get(key)
    if (slot === undefined) return false
    this.#remove(key, slot)
    return true
  }

  clear(): void {
    this.#slots.clear()
    this.#keys.length = 0
    this.#values.length = 0
    this.#newer.fill(NONE)
    this.#older.fill(NONE)
    this.#free.length = 0
    this.#head = NONE
    this.#tail = NONE
    this.#used = 0
  }

  #allocate(): number {
    const reused = this.#free.pop()
    if (reused !== undefined) return reused
    if (this.#used < this.maxEntries) return this.#used++
    const victim = this.#tail
    this.#remove(this.#keys[victim] as K, victim)
    return this.#free.pop()!
  }

  #remove(key: K, slot: number): void {
    this.#slots.delete(key)
    this.#unlink(slot)
    this.#keys[slot] = undefined
    this.#values[slot] = undefined
    this.#free.push(slot)
  }

  #linkAtHead(slot: number): void {
    this.#older[slot] = this.#head
    this.#newer[slot] = NONE
    if (this.#head !== NONE) this.#newer[this.#head] = slot
    this.#head = slot
    if (this.#tail === NONE) this.#tail = slot
  }

  #unlink(slot: number): void {
    const newer = this.#newer[slot]!
    const older = this.#older[slot]!
    if (newer === NONE) this.#head = older
    else this.#older[newer] = older
    if (older === NONE) this.#tail = newer
    else this.#newer[older] = newer
    this.#newer[slot] = NONE
    this.#older[slot] = NONE
  }

  #moveToHead(slot: number): void {
    if (slot === this.#head) return
    this.#unlink(slot)
    this.#linkAtHead(slot)
  }
}
