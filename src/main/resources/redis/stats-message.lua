-- Counts one customer message in its hour, and its conversation the first time the conversation is seen.
-- KEYS[1] conversation hash   KEYS[2] hour counters hash
-- ARGV[1] hour start (ms)  ARGV[2] TTL of the hour hash (s)
redis.call('HINCRBY', KEYS[2], 'messages', 1)
if redis.call('HSETNX', KEYS[1], 'statsCountedHour', ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], 'conversations', 1)
end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
return 1
