-- Counts one failed login of an agent id.
-- KEYS[1] failure counter
-- ARGV[1] counting window (ms)   ARGV[2] failures that lock the id   ARGV[3] lock duration (ms)
-- The window starts with the first failure; reaching the limit locks the id for ARGV[3] from now.
-- Returns the failures counted so far.
local n = redis.call('INCR', KEYS[1])
if n >= tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
elseif n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
