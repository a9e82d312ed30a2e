-- Reserves one message of a customer-service window, atomically.
-- KEYS[1] window hash
-- ARGV[1] now (epoch ms, from the caller's clock)   ARGV[2] messages to keep for an agent
-- Returns {verdict, id, trigger, opened, expires, quota, used, closed} with verdict one of
-- 'ok' (used already incremented), 'none', 'closed', 'expired', 'quota'.
local h = redis.call('HMGET', KEYS[1], 'id', 'trigger', 'opened', 'expires', 'quota', 'used', 'closed')
if not h[4] then
  return {'none'}
end
local used = tonumber(h[6])
local verdict
if h[7] == '1' then
  verdict = 'closed'
elseif tonumber(h[4]) <= tonumber(ARGV[1]) then
  verdict = 'expired'
elseif used + tonumber(ARGV[2]) >= tonumber(h[5]) then
  verdict = 'quota'
else
  used = redis.call('HINCRBY', KEYS[1], 'used', 1)
  verdict = 'ok'
end
return {verdict, h[1], h[2], h[3], h[4], h[5], tostring(used), h[7] or '0'}
