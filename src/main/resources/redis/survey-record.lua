-- Records the answer to a conversation's satisfaction survey; only the first answer counts.
-- KEYS[1] survey hash   KEYS[2] zset of all surveys by time
-- ARGV[1] conversation id  ARGV[2] agent id  ARGV[3] score (1-5)  ARGV[4] answered at (ms)
-- Returns 1 when recorded, 0 when the survey was answered before.
if redis.call('HEXISTS', KEYS[1], 'score') == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'score', ARGV[3], 'agent', ARGV[2], 'answeredAt', ARGV[4])
redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[1])
return 1
