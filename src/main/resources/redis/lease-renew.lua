-- Extends a lease only if this caller still holds it.
-- KEYS[1] lease key   ARGV[1] owner id   ARGV[2] new lease (ms)
-- Returns 1 when renewed, 0 when the lease is gone or someone else's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
