/**
 * Validation of the `Idempotency-Key` header value. The key is opaque to the server, but it is stored
 * and echoed into store keys, so it is limited to visible ASCII (no CR/LF, controls or non-ASCII) and
 * 255 characters; each failure maps to a 400 at the edge.
 */

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255

export type IdempotencyKeyProblem = 'missing' | 'too-long' | 'invalid'

export type IdempotencyKeyValidation =
  | { readonly ok: true; readonly key: string }
  | { readonly ok: false; readonly reason: IdempotencyKeyProblem }

// Visible ASCII: 0x21 '!' through 0x7e '~'; a space is allowed only inside the key.
const VISIBLE_ASCII_WITH_INNER_SPACES = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/

export function validateIdempotencyKey(
  value: string | readonly string[] | null | undefined,
): IdempotencyKeyValidation {
  // A repeated header arrives as an array (node:http) and is ambiguous: refuse it.
  if (Array.isArray(value)) {
    if (value.length === 0) return { ok: false, reason: 'missing' }
    if (value.length > 1) return { ok: false, reason: 'invalid' }
    return validateIdempotencyKey(value[0])
  }
  if (value === undefined || value === null || value === '') return { ok: false, reason: 'missing' }
  if (typeof value !== 'string') return { ok: false, reason: 'invalid' }
  // Structured-field form (`"abc"`, as the IETF draft writes it) is accepted and unwrapped.
  const key = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
  if (key.length === 0) return { ok: false, reason: 'missing' }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return { ok: false, reason: 'too-long' }
  if (!VISIBLE_ASCII_WITH_INNER_SPACES.test(key)) return { ok: false, reason: 'invalid' }
  return { ok: true, key }
}

/** Thrown by the guard when `begin()` is handed a key that `validateIdempotencyKey` refuses. */
export class InvalidIdempotencyKeyError extends Error {
  override readonly name = 'InvalidIdempotencyKeyError'
  readonly reason: IdempotencyKeyProblem

  constructor(reason: IdempotencyKeyProblem) {
    super(`invalid Idempotency-Key: ${reason}`)
    this.reason = reason
  }
}
