import { type Db, hashKey } from './db.js'
import { errors } from './errors.js'

export interface Principal {
  readonly keyId: string
  readonly userId: string
  readonly scopes: readonly string[]
}

interface KeyRow {
  id: string
  user_id: string
  scopes: string
  revoked_at: string | null
  expires_at: string | null
}

/** Reads the key from `Authorization: Bearer <key>` or `X-API-Key`, the two ways seed 002 documents. */
export function keyFromHeaders(
  authorization: string | undefined,
  apiKey: string | undefined,
): string | undefined {
  if (apiKey !== undefined && apiKey !== '') return apiKey
  if (authorization === undefined) return undefined
  const match = /^Bearer[ \t]+(\S{1,512})[ \t]*$/i.exec(authorization)
  if (!match) throw errors.INVALID_TOKEN()
  return match[1]
}

export function authenticate(db: Db, key: string | undefined, now = Date.now()): Principal {
  if (key === undefined) throw errors.UNAUTHORIZED()
  const row = db
    .prepare('SELECT id, user_id, scopes, revoked_at, expires_at FROM api_keys WHERE key_hash = ?')
    .get(hashKey(key)) as KeyRow | undefined
  if (!row) throw errors.INVALID_TOKEN()
  if (row.revoked_at !== null) throw errors.TOKEN_REVOKED()
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now) throw errors.TOKEN_EXPIRED()
  return { keyId: row.id, userId: row.user_id, scopes: row.scopes.split(' ') }
}

export function requireScope(principal: Principal, required: string): void {
  if (!principal.scopes.includes(required)) {
    throw errors.INSUFFICIENT_SCOPE({ details: { required, granted: [...principal.scopes] } })
  }
}
