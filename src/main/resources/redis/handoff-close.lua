-- Closes a conversation in any open state, freeing its agent slot and queue place.
-- KEYS[1] conversation hash  KEYS[2] chat set of its agent (or any key)  KEYS[3] queue zset of its skill
-- KEYS[4] zset of conversations awaiting a first human response
-- ARGV[1] conversation id  ARGV[2] now (ms)  ARGV[3] closed by  ARGV[4] agent it is expected to have ('' = none)
-- Returns {'closed', previous state, agent, assignedAt, firstResponseAt} or {'moved'} or {'not_open', state}.
local c = redis.call('HMGET', KEYS[1], 'state', 'agent', 'assignedAt', 'firstResponseAt')
local state = c[1]
if not state or state == 'CLOSED' then
  return {'not_open', state or ''}
end
if (c[2] or '') ~= ARGV[4] then
  return {'moved'}
end
if c[2] then
  redis.call('SREM', KEYS[2], ARGV[1])
end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'CLOSED', 'closedAt', ARGV[2], 'closedBy', ARGV[3], 'updatedAt', ARGV[2])
return {'closed', state, c[2] or '', c[3] or '', c[4] or ''}
