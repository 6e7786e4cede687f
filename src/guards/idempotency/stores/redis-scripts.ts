/**
 * The Lua scripts behind the Redis idempotency store. Each runs atomically in Redis. A record is one
 * hash; the lease is the key's own expiry (PEXPIRE, measured by the Redis server's clock, never a Node
 * clock), so a crashed holder's key disappears when its lease runs out. Bodies travel as binary-safe
 * bulk strings.
 */

/** KEYS[1] record; ARGV fingerprint, token, leaseMs → {'claimed'} | {'running', fp, pttl} | {'done', fp, status, headers, body} */
export const CLAIM_SCRIPT = `
local record = redis.call('HMGET', KEYS[1], 'state', 'fp', 'status', 'headers', 'body')
if not record[1] then
  redis.call('HSET', KEYS[1], 'state', 'running', 'fp', ARGV[1], 'token', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'claimed'}
end
if record[1] == 'running' then
  return {'running', record[2], redis.call('PTTL', KEYS[1])}
end
return {'done', record[2], record[3], record[4], record[5]}
`

/** KEYS[1] record; ARGV token, leaseMs → 1 extended | 0 not the holder */
export const EXTEND_SCRIPT = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`

/**
 * KEYS[1] record; ARGV token, fingerprint, retentionMs, status, headers, body → 1 stored | 0 owned by another.
 * Stores when the token still holds the lease, or when the lapsed lease left the key free.
 */
export const COMPLETE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
local now = redis.call('TIME')
redis.call('HSET', KEYS[1], 'state', 'done', 'fp', ARGV[2], 'status', ARGV[4], 'headers', ARGV[5], 'body', ARGV[6],
  'completed_ms', now[1] * 1000 + math.floor(now[2] / 1000))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`

/** KEYS[1] record; ARGV token → 1 released | 0 not the holder */
export const RELEASE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`
