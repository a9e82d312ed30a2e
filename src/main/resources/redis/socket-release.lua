-- Releases the sockets of nodes whose lease ran out. Atomic, so of several nodes sweeping at once exactly one
-- gets each dead node's agents.
-- KEYS[1] live nodes (sorted set)   ARGV[1] heartbeats at or before this (ms) are dead   ARGV[2] key prefix of
-- the nodes' socket hashes   ARGV[3] at most this many nodes
-- Returns one {node id, last heartbeat ms, {agent ids}} per released node.
local released = {}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
for i = 1, #dead, 2 do
  local node = dead[i]
  local agents = redis.call('HKEYS', ARGV[2] .. node)
  redis.call('DEL', ARGV[2] .. node)
  redis.call('ZREM', KEYS[1], node)
  table.insert(released, {node, dead[i + 1], agents})
end
return released
