-- Deletes a lock only if this caller still owns it (its lease may have expired and moved on).
-- KEYS[1] lock key   ARGV[1] owner id
-- Returns 1 when deleted, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
