/**
 * The Lua scripts behind the Redis quota store. The period bucket comes from the Redis server's TIME
 * (never a Node clock), so every instance agrees on when a month or day starts. KEYS[1] is the
 * counter's base key (with a hash tag); the bucket is appended to it, so the counted key is named
 * after the period, e.g. `faultline:quota:{acct_1:messages}:2026-11`.
 */

// Howard Hinnant's days-to-civil conversion gives the UTC year, month and day from epoch seconds.
/** Lua `bucket_for(period, seconds)`: the bucket name and its key TTL (nil for live counts). */
export const BUCKET_FOR_LUA = `
local function bucket_for(period, seconds)
  if period == 'live' then return 'live', nil end
  local z = math.floor(seconds / 86400) + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp + 3
  if mp >= 10 then m = mp - 9 end
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  if period == 'day' then return string.format('%04d-%02d-%02d', y, m, d), 2 * 86400 end
  return string.format('%04d-%02d', y, m), 32 * 86400
end
`

const BUCKET_OF = `${BUCKET_FOR_LUA}
local function bucket_of(period)
  return bucket_for(period, tonumber(redis.call('TIME')[1]))
end
`

/** KEYS[1] base; ARGV period ('month' | 'day' | 'live'), amount, limit → {ok 1|0, current, bucket} */
export const RESERVE_SCRIPT = `${BUCKET_OF}
local bucket, ttl = bucket_of(ARGV[1])
local key = KEYS[1] .. ':' .. bucket
local amount = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', key) or '0')
if current + amount > tonumber(ARGV[3]) then return {0, current, bucket} end
current = redis.call('INCRBY', key, amount)
-- A period bucket outlives its period a little, then vanishes by itself.
if ttl then redis.call('EXPIRE', key, ttl) end
return {1, current, bucket}
`

/** KEYS[1] base; ARGV period, amount, bucket ('' = the current one) → {current, bucket} */
export const RELEASE_SCRIPT = `${BUCKET_OF}
local bucket = ARGV[3]
if bucket == '' then bucket = bucket_of(ARGV[1]) end
local key = KEYS[1] .. ':' .. bucket
local current = tonumber(redis.call('GET', key) or '0')
if current == 0 then return {0, bucket} end
local remaining = current - tonumber(ARGV[2])
if remaining < 0 then remaining = 0 end
redis.call('SET', key, remaining, 'KEEPTTL')
return {remaining, bucket}
`

/** KEYS[1] base; ARGV period → {current, bucket} */
export const USAGE_SCRIPT = `${BUCKET_OF}
local bucket = bucket_of(ARGV[1])
return {tonumber(redis.call('GET', KEYS[1] .. ':' .. bucket) or '0'), bucket}
`
