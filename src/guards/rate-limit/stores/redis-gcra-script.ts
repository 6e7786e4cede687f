/**
 * The Redis script for the commonest plan, one GCRA policy: the same answer as the general script
 * in `redis-script.ts` for that plan, with less work per decision inside Redis (one MGET for the
 * block and state keys, no per-policy tables, no algorithm dispatch) and fewer arguments to encode
 * and parse on the client. Both scripts read and write the same keys in the same format, so a
 * limiter may move between them (adding a second policy) without losing its counts.
 *
 * KEYS: [block key, state key]. ARGV: [mode (`MODE_CONSUME` 1 or `MODE_PEEK` 2), cost, interval ms,
 * tolerance ms]. Reply: the general script's for one policy: [allowed 0|1, wait ms rounded up (-1:
 * never), remaining, reset ms rounded up].
 */
export const ONE_GCRA_LUA = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local stored = redis.call('MGET', KEYS[1], KEYS[2])
local blockedMs = (tonumber(stored[1]) or 0) - now
if blockedMs < 0 then blockedMs = 0 end
local interval, tolerance = tonumber(ARGV[3]), tonumber(ARGV[4])
local increment = tonumber(ARGV[2]) * interval
local held = tonumber(stored[2]) or 0
if held < now then held = now end
local wait = blockedMs
if increment > tolerance + 1e-6 then
  wait = math.huge
else
  local w = held + increment - tolerance - now
  if w > 1e-6 and w > wait then wait = w end
end
local allowed = 0
if wait == 0 then
  allowed = 1
  if ARGV[1] == '1' then
    held = held + increment
    redis.call('SET', KEYS[2], string.format('%.17g', held), 'PX', math.max(1, math.ceil(held - now)))
  end
end
local remaining = math.floor((now + tolerance - held) / interval + 1e-9)
local capacity = math.floor(tolerance / interval + 1e-9)
if remaining > capacity then remaining = capacity end
if remaining < 0 or blockedMs > 0 then remaining = 0 end
local resetMs = held - now
if blockedMs > resetMs then resetMs = blockedMs end
if wait == math.huge then wait = -1 end
return {allowed, math.ceil(wait), remaining, math.ceil(resetMs)}
`
