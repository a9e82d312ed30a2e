-- Opens (or renews) one customer-service window.
-- KEYS[1] window hash
-- ARGV[1] now (epoch ms, from the caller's clock)   ARGV[2] new window id   ARGV[3] trigger
-- ARGV[4] quota   ARGV[5] expiresAt (epoch ms)   ARGV[6] '1' = always replace (user message)
-- ARGV[7] key TTL in ms
-- An event window replaces the current one only when that one is missing, expired, closed by
-- WeChat, used up, or ends earlier; a user message always replaces it (and resets the count).
-- Returns 1 when the window was (re)opened, 0 when the current one was kept.
local now = tonumber(ARGV[1])
local expiresAt = tonumber(ARGV[5])
if ARGV[6] ~= '1' then
  local cur = redis.call('HMGET', KEYS[1], 'expires', 'closed', 'quota', 'used')
  local curExpires = tonumber(cur[1])
  if curExpires and cur[2] ~= '1' and curExpires > now and curExpires >= expiresAt
      and tonumber(cur[4]) < tonumber(cur[3]) then
    return 0
  end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'id', ARGV[2], 'trigger', ARGV[3], 'opened', ARGV[1],
  'expires', ARGV[5], 'quota', ARGV[4], 'used', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return 1
