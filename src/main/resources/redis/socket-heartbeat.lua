-- Renews a node's socket lease and rewrites the sockets it holds, so a node that was taken for dead
-- (a long pause) is whole again on its next heartbeat.
-- KEYS[1] live nodes (sorted set)   KEYS[2] this node's sockets (hash)
-- ARGV[1] node id   ARGV[2] now (ms)   ARGV[3..] agent id, count pairs
redis.call('DEL', KEYS[2])
for i = 3, #ARGV, 400 do
  redis.call('HSET', KEYS[2], unpack(ARGV, i, math.min(i + 399, #ARGV)))
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
