-- Creates an agent account unless one with this id exists.
-- KEYS[1] agent hash   KEYS[2] set of agent ids
-- ARGV[1] '1' = create only when the directory has no agent at all (bootstrap)   ARGV[2] id
-- ARGV[3..] fields as field, value, ...
-- Returns 1 created, 0 the id exists, -1 the directory is not empty (bootstrap only)
if ARGV[1] == '1' and redis.call('SCARD', KEYS[2]) > 0 then
  return -1
end
if redis.call('HEXISTS', KEYS[1], 'id') == 1 then
  return 0
end
local fields = {}
for i = 3, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('SADD', KEYS[2], ARGV[2])
return 1
