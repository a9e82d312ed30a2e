-- Records what WeChat said about a window, only if it is still the window of the grant.
-- KEYS[1] window hash   ARGV[1] window id   ARGV[2] 'closed' (45015) or 'exhausted' (45047)
-- Returns 1 when marked, 0 when the window changed meanwhile.
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then
  return 0
end
if ARGV[2] == 'closed' then
  redis.call('HSET', KEYS[1], 'closed', '1')
else
  redis.call('HSET', KEYS[1], 'used', redis.call('HGET', KEYS[1], 'quota'))
end
return 1
