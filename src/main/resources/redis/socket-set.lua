-- Records how many console sockets one agent has on this node and answers how many it has on all live nodes.
-- KEYS[1] live nodes (sorted set: node id by last heartbeat ms)   KEYS[2] this node's sockets (hash: agent → count)
-- ARGV[1] node id   ARGV[2] now (ms)   ARGV[3] agent id   ARGV[4] this node's count for the agent now
-- ARGV[5] heartbeats at or before this (ms) are dead nodes'   ARGV[6] key prefix of the nodes' socket hashes
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
return total
