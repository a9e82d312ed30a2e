-- Gives back one reserved message, only to the window it was taken from.
-- KEYS[1] window hash   ARGV[1] window id of the grant
-- Returns 1 when given back, 0 when the window changed or nothing was used.
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then
  return 0
end
if tonumber(redis.call('HGET', KEYS[1], 'used') or '0') <= 0 then
  return 0
end
redis.call('HINCRBY', KEYS[1], 'used', -1)
return 1
