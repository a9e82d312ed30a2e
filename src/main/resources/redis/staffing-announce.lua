-- Records the staffing level announced for a skill group; returns 1 only to the one caller that changes it,
-- so of several nodes noticing the same change exactly one tells the group robot.
-- KEYS[1] announced level of the skill  ARGV[1] new level
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
