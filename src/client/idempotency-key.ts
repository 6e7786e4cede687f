export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'

export type IdempotencyKeyMode = 'auto' | 'off'

/**
 * The key for one logical request: the caller's, else a fresh UUID when the mode is `auto` and the method
 * is one that repeats only with a key. Made once per request and reused by every attempt, so the server
 * can tell a retry from a new request.
 */
export function idempotencyKeyFor(
  method: string,
  explicit: string | undefined,
  mode: IdempotencyKeyMode,
  keyedMethods: readonly string[],
): string | undefined {
  if (explicit !== undefined) return explicit
  if (mode !== 'auto' || !keyedMethods.includes(method)) return undefined
  return crypto.randomUUID()
}
