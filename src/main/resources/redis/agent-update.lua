-- Sets fields of an existing agent account; every other field of the hash (e.g. routing's presence)
-- stays as it is.
-- KEYS[1] agent hash   ARGV fields as field, value, ...
-- Returns 1 updated, 0 no such account
if redis.call('HEXISTS', KEYS[1], 'id') == 0 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
