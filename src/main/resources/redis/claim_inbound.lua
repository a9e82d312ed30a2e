-- Claims one inbound push and writes it ahead into its conversation, atomically.
-- KEYS[1] dedup hash   KEYS[2] open-conversation pointer   KEYS[3] conversation id sequence
-- ARGV[1] now (ms)  ARGV[2] lease (ms)  ARGV[3] dedup TTL (s)  ARGV[4] key prefix ("kefu:")
-- ARGV[5] channel  ARGV[6] account  ARGV[7] user  ARGV[8] reopen window (ms): a closed conversation
-- closed longer ago starts a new one  ARGV[9] report hour hash to count a customer message in ("" = not a message)
-- ARGV[10] that hour's start (ms)  ARGV[11] TTL of the hour hash (s)  ARGV[12..] transcript entry as field, value, ...
-- (the report counters are folded in here so that a customer turn costs no extra round trip for them; only a new
-- delivery counts, so retries and takeovers do not count twice)
-- Returns {status, conversationId, entryId, reply, conversation state, '1' if the conversation is new}; status is
--   new      first delivery: the message was appended, the caller processes it
--   takeover an earlier claim's lease ran out (its node died): process again, not appended twice
--   pending  another delivery is being processed right now
--   done     processed before; reply is the cached passive reply ("" = answered 'success')
local now = tonumber(ARGV[1])
local state = redis.call('HGET', KEYS[1], 'state')
if state then
  local conv = redis.call('HGET', KEYS[1], 'conv')
  local entry = redis.call('HGET', KEYS[1], 'entry')
  if state == 'done' then
    return {'done', conv, entry, redis.call('HGET', KEYS[1], 'reply') or '', ''}
  end
  local lease = tonumber(redis.call('HGET', KEYS[1], 'lease') or '0')
  if lease < now then
    redis.call('HSET', KEYS[1], 'lease', now + tonumber(ARGV[2]))
    return {'takeover', conv, entry, '', redis.call('HGET', ARGV[4] .. 'conv:' .. conv, 'state') or ''}
  end
  return {'pending', conv, entry, '', ''}
end

local prefix = ARGV[4]
local conv = redis.call('GET', KEYS[2])
if conv then
  local old = redis.call('HMGET', prefix .. 'conv:' .. conv, 'state', 'closedAt')
  if not old[1] or (old[1] == 'CLOSED' and tonumber(old[2] or '0') + tonumber(ARGV[8]) < now) then
    conv = nil
  end
end
local created = '0'
if not conv then
  created = '1'
  conv = tostring(redis.call('INCR', KEYS[3]))
  redis.call('SET', KEYS[2], conv)
  redis.call('HSET', prefix .. 'conv:' .. conv, 'id', conv, 'channel', ARGV[5], 'account', ARGV[6],
    'user', ARGV[7], 'state', 'BOT', 'createdAt', ARGV[1])
end
local convKey = prefix .. 'conv:' .. conv
redis.call('HSET', convKey, 'updatedAt', ARGV[1], 'lastInboundAt', ARGV[1])
local fields = {}
for i = 12, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
local entry = redis.call('XADD', convKey .. ':msgs', '*', unpack(fields))
redis.call('HSET', KEYS[1], 'state', 'pending', 'lease', now + tonumber(ARGV[2]), 'conv', conv, 'entry', entry)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
if ARGV[9] ~= '' then
  redis.call('HINCRBY', ARGV[9], 'messages', 1)
  if redis.call('HSETNX', convKey, 'statsCountedHour', ARGV[10]) == 1 then
    redis.call('HINCRBY', ARGV[9], 'conversations', 1)
  end
  redis.call('EXPIRE', ARGV[9], tonumber(ARGV[11]))
end
return {'new', conv, entry, '', redis.call('HGET', convKey, 'state'), created}
