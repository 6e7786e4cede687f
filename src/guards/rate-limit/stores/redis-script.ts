/**
 * The Lua script behind the Redis store: the same steps as `evaluate.ts`, run atomically inside
 * Redis so every instance sharing the server sees one count. Time comes from Redis `TIME`, never
 * from the callers' clocks, so instances with skewed clocks still agree.
 *
 * KEYS: [block key, one key per policy]. ARGV: [mode, cost, block ms, then per policy:
 * algorithm tag, window ms, limit, interval ms, tolerance ms, (unused)].
 * Modes: 1 consume, 2 peek, 3 block, 4 reset.
 * Reply: [allowed 0|1, wait ms rounded up (-1: never), then per policy remaining, reset ms rounded up].
 */
export const MODE_CONSUME = 1
export const MODE_PEEK = 2
export const MODE_BLOCK = 3
export const MODE_RESET = 4
export const ARGS_PER_POLICY = 6

export const RATE_LIMIT_LUA = `
local mode = tonumber(ARGV[1])
local n = #KEYS - 1
if mode == 4 then
  redis.call('DEL', unpack(KEYS))
  return {1, 0}
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local blockedUntil = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if mode == 3 then
  local untilMs = now + tonumber(ARGV[3])
  if untilMs > blockedUntil then
    redis.call('SET', KEYS[1], string.format('%.17g', untilMs), 'PX', math.ceil(untilMs - now))
  end
  return {1, 0}
end
local cost = tonumber(ARGV[2])
local blockedMs = 0
if blockedUntil > now then blockedMs = blockedUntil - now end
local wait = blockedMs
local algo, windowMs, limit, interval, tolerance = {}, {}, {}, {}, {}
local sa, sb, sc = {}, {}, {}
for i = 1, n do
  local base = 3 + (i - 1) * 6
  algo[i] = tonumber(ARGV[base + 1])
  windowMs[i] = tonumber(ARGV[base + 2])
  limit[i] = tonumber(ARGV[base + 3])
  interval[i] = tonumber(ARGV[base + 4])
  tolerance[i] = tonumber(ARGV[base + 5])
  local raw = redis.call('GET', KEYS[i + 1])
  local w = 0
  if algo[i] == 1 then
    local tat = tonumber(raw or '0') or 0
    sa[i], sb[i], sc[i] = tat, 0, 0
    local increment = cost * interval[i]
    if increment > tolerance[i] + 1e-6 then
      w = math.huge
    else
      w = math.max(tat, now) + increment - tolerance[i] - now
      if w <= 1e-6 then w = 0 end
    end
  else
    local start, current, previous = 0, 0, 0
    if raw then
      local x, y, z = string.match(raw, '^(%S+) (%S+) (%S+)$')
      start, current, previous = tonumber(x) or 0, tonumber(y) or 0, tonumber(z) or 0
    end
    local W = windowMs[i]
    local windowStart = math.floor(now / W) * W
    if start ~= windowStart then
      if start == windowStart - W then previous = current else previous = 0 end
      current = 0
      start = windowStart
    end
    sa[i], sb[i], sc[i] = start, current, previous
    local elapsed = now - start
    local L = limit[i]
    if cost > L + 1e-9 then
      w = math.huge
    elseif previous * (1 - elapsed / W) + current + cost <= L + 1e-9 then
      w = 0
    else
      local untilNext = W - elapsed
      local room = L - current - cost
      w = -1
      if room >= 0 and previous > 0 then
        local inWindow = W * (1 - room / previous) - elapsed
        if inWindow < untilNext then w = math.max(inWindow, 0) end
      end
      if w < 0 then
        if current <= 0 then
          w = untilNext
        else
          w = untilNext + W * math.max(1 - (L - cost) / current, 0)
        end
      end
    end
  end
  if w > wait then wait = w end
end
local allowed = wait == 0
if allowed and mode == 1 then
  for i = 1, n do
    if algo[i] == 1 then
      sa[i] = math.max(sa[i], now) + cost * interval[i]
      redis.call('SET', KEYS[i + 1], string.format('%.17g', sa[i]), 'PX', math.max(1, math.ceil(sa[i] - now)))
    else
      sb[i] = sb[i] + cost
      local value = string.format('%.17g %.17g %.17g', sa[i], sb[i], sc[i])
      redis.call('SET', KEYS[i + 1], value, 'PX', math.max(1, math.ceil(sa[i] + 2 * windowMs[i] - now)))
    end
  end
end
local reply = {0, 0}
if allowed then reply[1] = 1 end
if wait == math.huge then reply[2] = -1 else reply[2] = math.ceil(wait) end
for i = 1, n do
  local remaining, resetMs
  if algo[i] == 1 then
    local tat = sa[i]
    local held = math.max(tat, now)
    remaining = math.floor((now + tolerance[i] - held) / interval[i] + 1e-9)
    local capacity = math.floor(tolerance[i] / interval[i] + 1e-9)
    if remaining > capacity then remaining = capacity end
    resetMs = held - now
  else
    local W = windowMs[i]
    local elapsed = now - sa[i]
    remaining = math.floor(limit[i] - (sc[i] * (1 - elapsed / W) + sb[i]) + 1e-9)
    if sb[i] > 0 then resetMs = W - elapsed + W elseif sc[i] > 0 then resetMs = W - elapsed else resetMs = 0 end
  end
  if remaining < 0 or blockedMs > 0 then remaining = 0 end
  if blockedMs > resetMs then resetMs = blockedMs end
  reply[#reply + 1] = remaining
  reply[#reply + 1] = math.ceil(resetMs)
end
return reply
`
