-- Records how many console sockets one agent has on this node and answers how many it has on all live nodes.
-- When that is none after a close, the agent is due to go offline after the grace, unless a socket is back by then.
-- KEYS[1] live nodes (sorted set: node id by last heartbeat ms)   KEYS[2] this node's sockets (hash: agent → count)
-- KEYS[3] agents due to go offline (sorted set: agent id by due ms)
-- ARGV[1] node id   ARGV[2] now (ms)   ARGV[3] agent id   ARGV[4] this node's count for the agent now
-- ARGV[5] heartbeats at or before this (ms) are dead nodes'   ARGV[6] key prefix of the nodes' socket hashes
-- ARGV[7] due time (ms) if the agent has no socket left, or '' to leave the due set alone
local count = tonumber(ARGV[4])
if count > 0 then
  redis.call('HSET', KEYS[2], ARGV[3], count)
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
else
  redis.call('HDEL', KEYS[2], ARGV[3])
end
local total = 0
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[5], '+inf')) do
  local n = tonumber(redis.call('HGET', ARGV[6] .. node, ARGV[3]) or '0')
  if n > 0 then
    total = total + n
  end
end
if total == 0 and ARGV[7] ~= '' then
  redis.call('ZADD', KEYS[3], 'GT', ARGV[7], ARGV[3])
end
return total
