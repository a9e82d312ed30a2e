-- Takes the agents whose grace is over: those with a socket on a live node again are dropped from the due set;
-- the others are returned to be taken offline, each claimed for one lease (re-scored to now + lease) so that if
-- the node taking them dies before it is done, another node takes them when that claim runs out.
-- KEYS[1] agents due to go offline (sorted set)   KEYS[2] live nodes (sorted set)
-- ARGV[1] now (ms)   ARGV[2] heartbeats at or before this (ms) are dead   ARGV[3] key prefix of the nodes' socket
-- hashes   ARGV[4] the lease (ms)   ARGV[5] at most this many agents
local taken = {}
local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[2], '+inf')
for _, agent in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[5]))) do
  local total = 0
  for _, node in ipairs(live) do
    total = total + math.max(0, tonumber(redis.call('HGET', ARGV[3] .. node, agent) or '0'))
  end
  if total > 0 then
    redis.call('ZREM', KEYS[1], agent)
  else
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[4]), agent)
    table.insert(taken, agent)
  end
end
return taken
