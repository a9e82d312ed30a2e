-- Releases the sockets of nodes whose lease ran out: their agents become due to go offline at the node's last
-- heartbeat plus the grace, as if their sockets had closed then. Atomic, so of several nodes sweeping at once
-- exactly one releases each dead node.
-- KEYS[1] live nodes (sorted set)   KEYS[2] agents due to go offline (sorted set)
-- ARGV[1] heartbeats at or before this (ms) are dead   ARGV[2] key prefix of the nodes' socket hashes
-- ARGV[3] at most this many nodes   ARGV[4] the grace (ms)
-- Returns one {node id, last heartbeat ms, number of agents} per released node.
local released = {}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
for i = 1, #dead, 2 do
  local node = dead[i]
  local due = tonumber(dead[i + 1]) + tonumber(ARGV[4])
  local agents = redis.call('HKEYS', ARGV[2] .. node)
  for _, agent in ipairs(agents) do
    redis.call('ZADD', KEYS[2], 'GT', due, agent)
  end
  redis.call('DEL', ARGV[2] .. node)
  redis.call('ZREM', KEYS[1], node)
  table.insert(released, {node, dead[i + 1], #agents})
end
return released
