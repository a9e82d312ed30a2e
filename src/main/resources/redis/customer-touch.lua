-- Records who a customer is (identity fields) and links their WeChat UnionID, atomically.
-- KEYS[1] customer hash   KEYS[2] set of the new UnionID (only when ARGV[6] is not empty)
-- ARGV[1] channel  ARGV[2] account  ARGV[3] openId  ARGV[4] now (ms)  ARGV[5] customer id
-- ARGV[6] UnionID ('' = unknown: keep any earlier link)  ARGV[7] key prefix of UnionID sets
-- Returns the customer hash as a flat field, value list.
redis.call('HSET', KEYS[1], 'channel', ARGV[1], 'account', ARGV[2], 'openId', ARGV[3])
redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[4])
if ARGV[6] ~= '' then
  local old = redis.call('HGET', KEYS[1], 'unionId')
  if old and old ~= ARGV[6] then
    redis.call('SREM', ARGV[7] .. old, ARGV[5])
  end
  redis.call('HSET', KEYS[1], 'unionId', ARGV[6])
  redis.call('SADD', KEYS[2], ARGV[5])
end
return redis.call('HGETALL', KEYS[1])
