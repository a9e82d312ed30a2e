-- Counts one escalation in the current hour, and the conversation as handed over (once) in the hour it was counted in.
-- KEYS[1] conversation hash   KEYS[2] hour counters hash of now
-- ARGV[1] key prefix ("kefu:")  ARGV[2] TTL of hour hashes (s)
redis.call('HINCRBY', KEYS[2], 'escalations', 1)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
if redis.call('HSETNX', KEYS[1], 'statsHandedOver', '1') == 1 then
  local hour = redis.call('HGET', KEYS[1], 'statsCountedHour')
  if hour then
    local key = ARGV[1] .. 'stats:hour:' .. hour
    if redis.call('EXISTS', key) == 1 then
      redis.call('HINCRBY', key, 'handedOver', 1)
    end
  end
end
return 1
