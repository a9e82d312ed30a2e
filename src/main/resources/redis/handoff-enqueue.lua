-- Puts a conversation into its skill group's queue (escalation), atomically.
-- KEYS[1] conversation hash  KEYS[2] queue zset of the skill  KEYS[3] set of known skills
-- KEYS[4] arrivals zset of the skill (for the live arrival rate)  KEYS[5] zset of conversations awaiting a first
-- human response (by deadline)
-- ARGV[1] conversation id  ARGV[2] now (ms)  ARGV[3] skill  ARGV[4] deadline (ms)  ARGV[5] vip 1|0
-- ARGV[6] tier  ARGV[7] reason  ARGV[8] arrival window (ms)
-- Returns {'queued', position} or {'already', state, position-or-''} or {'unknown'}.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return {'unknown'}
end
if state == 'QUEUED' or state == 'ASSIGNED' then
  local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
  return {'already', state, rank and tostring(rank + 1) or ''}
end
local now = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'skill', ARGV[3], 'vip', ARGV[5], 'tier', ARGV[6],
  'reason', ARGV[7], 'escalatedAt', ARGV[2], 'deadline', ARGV[4], 'updatedAt', ARGV[2], 'ticket', '0',
  'requeues', '0')
redis.call('HDEL', KEYS[1], 'agent', 'assignedAt', 'acceptedAt', 'firstResponseAt', 'firstAgent', 'closedAt',
  'closedBy', 'preferredAgent', 'excluded', 'survey', 'surveyAt')
redis.call('ZADD', KEYS[2], tonumber(ARGV[4]), ARGV[1])
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('ZADD', KEYS[5], tonumber(ARGV[4]), ARGV[1])
redis.call('ZADD', KEYS[4], now, ARGV[1] .. ':' .. ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[8]))
local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
return {'queued', tostring(rank + 1)}
