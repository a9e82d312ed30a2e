-- Applies a validated profile change in one step.
-- KEYS[1] customer hash
-- ARGV[1] number N of fields to set, ARGV[2 .. 2N+1] field, value pairs, ARGV[2N+2 ..] fields to delete
-- Returns the customer hash as a flat field, value list.
local n = tonumber(ARGV[1])
local set = {}
for i = 2, 2 * n + 1 do
  set[#set + 1] = ARGV[i]
end
if n > 0 then
  redis.call('HSET', KEYS[1], unpack(set))
end
for i = 2 * n + 2, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
end
return redis.call('HGETALL', KEYS[1])
