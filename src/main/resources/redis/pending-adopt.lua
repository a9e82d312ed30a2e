-- Adopts pending answers whose owner's lease ran out (the owner died or stalled between 'success' and its send).
-- KEYS[1] pending-answer set of a channel (members: dedup hash keys, scores: lease end in ms)
-- ARGV[1] now (ms)  ARGV[2] lease (ms)  ARGV[3] new owner token prefix  ARGV[4] most to adopt  ARGV[5] key prefix
-- Returns a flat list, 7 values per adopted answer: dedup key, owner token, account, user, conversation id,
-- the encoded utterance, the conversation's state; then for each the customer's transcript entry as field, value
-- pairs (a list). Members whose push is gone or no longer pending are dropped from the set.
local now = tonumber(ARGV[1])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
local out = {}
for i, key in ipairs(due) do
  local h = redis.call('HMGET', key, 'answer', 'conv', 'entry', 'utterance')
  if h[1] ~= 'pending' then
    redis.call('ZREM', KEYS[1], key)
  else
    local owner = ARGV[3] .. ':' .. i
    redis.call('HSET', key, 'owner', owner)
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), key)
    local conv = redis.call('HMGET', ARGV[5] .. 'conv:' .. h[2], 'account', 'user', 'state')
    local entry = redis.call('XRANGE', ARGV[5] .. 'conv:' .. h[2] .. ':msgs', h[3], h[3])
    out[#out + 1] = {key, owner, conv[1] or '', conv[2] or '', h[2], h[4] or '', conv[3] or '',
      entry[1] and entry[1][2] or {}}
  end
end
return out
