-- Puts an assigned (or queued) conversation back into a queue, keeping its original deadline: on an
-- accept timeout, an agent going away, a transfer to another group or agent.
-- KEYS[1] conversation hash  KEYS[2] chat set of the agent it is expected to have (or any key)
-- KEYS[3] queue zset of its current skill  KEYS[4] queue zset of the target skill  KEYS[5] set of skills
-- ARGV[1] conversation id  ARGV[2] agent it is expected to have  ARGV[3] now (ms)
-- ARGV[4] exclude the previous agent from auto assignment 1|0  ARGV[5] target skill
-- ARGV[6] preferred agent ('' = none)  ARGV[7] expected current skill
-- Returns {'ok', previous agent} or {'moved'} (state changed meanwhile) or {'not_active', state}.
local c = redis.call('HMGET', KEYS[1], 'state', 'agent', 'skill', 'deadline', 'excluded', 'requeues')
local state = c[1]
if state ~= 'ASSIGNED' and state ~= 'QUEUED' then
  return {'not_active', state or ''}
end
if c[3] ~= ARGV[7] then
  return {'moved'}
end
local previous = ''
if state == 'ASSIGNED' then
  previous = c[2] or ''
  if previous ~= ARGV[2] then
    return {'moved'}
  end
  redis.call('SREM', KEYS[2], ARGV[1])
end
redis.call('ZREM', KEYS[3], ARGV[1])
local excluded = c[5] or ''
if ARGV[4] == '1' and previous ~= '' then
  excluded = (excluded == '' and previous) or (excluded .. ',' .. previous)
end
redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'skill', ARGV[5], 'excluded', excluded, 'updatedAt', ARGV[3],
  'requeues', tostring(tonumber(c[6] or '0') + 1), 'preferredAgent', ARGV[6])
redis.call('HDEL', KEYS[1], 'agent', 'assignedAt', 'acceptedAt')
redis.call('ZADD', KEYS[4], tonumber(c[4]), ARGV[1])
redis.call('SADD', KEYS[5], ARGV[5])
return {'ok', previous}
