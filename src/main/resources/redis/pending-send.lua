-- Takes a pending answer for sending, once: only its current owner may, and only while it is still pending.
-- KEYS[1] dedup hash   KEYS[2] pending-answer set   ARGV[1] owner token
-- Returns 1 when the caller must send now, 0 when another node adopted it (or it was sent already).
local h = redis.call('HMGET', KEYS[1], 'answer', 'owner')
if h[1] ~= 'pending' or h[2] ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'answer', 'sending')
redis.call('ZREM', KEYS[2], KEYS[1])
return 1
