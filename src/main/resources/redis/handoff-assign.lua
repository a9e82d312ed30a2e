-- Gives one queued conversation to one agent: the compare-and-set behind every assignment, so that no
-- conversation goes to two agents and no agent goes over capacity, whichever node planned it.
-- KEYS[1] conversation hash  KEYS[2] queue zset of its skill  KEYS[3] agent hash  KEYS[4] agent's chat set
-- ARGV[1] conversation id  ARGV[2] agent id  ARGV[3] now (ms)
-- ARGV[4] mode: auto (router), pull (agent takes it), force (supervisor: ignores presence and skill)
-- ARGV[5] overflow group ('' for none): with auto, an agent of this group may take the chat
-- ARGV[6] when it has waited at least this long since it was queued (ms; the overflow rule's time)
-- Returns {'ok', load} or {reason}.
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'QUEUED' or not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return {'not_queued'}
end
local a = redis.call('HMGET', KEYS[3], 'maxChats', 'presence', 'groups', 'disabled')
if not a[1] then
  return {'unknown_agent'}
end
if a[4] == '1' or a[4] == 'true' then
  return {'agent_disabled'}
end
local mode = ARGV[4]
if mode ~= 'force' and a[2] ~= 'online' then
  return {'agent_not_online'}
end
local load = redis.call('SCARD', KEYS[4])
if load >= tonumber(a[1]) then
  return {'agent_full'}
end
if mode ~= 'force' then
  local c = redis.call('HMGET', KEYS[1], 'skill', 'preferredAgent', 'excluded')
  local overflow = ''
  if mode == 'auto' and ARGV[5] and ARGV[5] ~= '' then
    local queuedAt = tonumber(redis.call('HGET', KEYS[1], 'escalatedAt') or '')
    if queuedAt and tonumber(ARGV[3]) - queuedAt >= tonumber(ARGV[6]) then
      overflow = ARGV[5]
    end
  end
  local member = false
  for g in string.gmatch(a[3] or '', '[^,]+') do
    if g == c[1] or g == overflow then
      member = true
    end
  end
  if not member then
    return {'skill_mismatch'}
  end
  if mode == 'auto' then
    if c[2] and c[2] ~= '' and c[2] ~= ARGV[2] then
      return {'reserved'}
    end
    for x in string.gmatch(c[3] or '', '[^,]+') do
      if x == ARGV[2] then
        return {'excluded'}
      end
    end
  end
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'ASSIGNED', 'agent', ARGV[2], 'assignedAt', ARGV[3], 'updatedAt', ARGV[3])
redis.call('HDEL', KEYS[1], 'acceptedAt', 'preferredAgent')
redis.call('HSET', KEYS[3], 'lastAssignedAt', ARGV[3])
return {'ok', tostring(load + 1)}
