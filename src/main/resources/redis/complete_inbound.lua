-- Records the outcome of one processed push and appends the bot's answer to the transcript.
-- KEYS[1] dedup hash   KEYS[2] transcript stream   KEYS[3] conversation hash   KEYS[4] pending-answer set of the
-- channel (sorted by lease end; only used with a pending answer)
-- ARGV[1] now (ms)  ARGV[2] passive reply to hand to retries ("" = 'success')
-- ARGV[3] owner token of a pending answer ("" = none: the push is fully answered)  ARGV[4] lease end (ms)
-- ARGV[5] the customer's utterance, encoded, for whoever sends the pending answer
-- ARGV[6..] transcript entry of the answer as field, value, ... (none when there is no answer)
-- A pending answer is the durable form of "acknowledged with 'success', answer still to be sent": the dedup hash
-- says who owns it (answer=pending, owner, utterance) and the set lets any node's sweep adopt it after its lease.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'state', 'done', 'reply', ARGV[2])
  if ARGV[3] ~= '' then
    redis.call('HSET', KEYS[1], 'answer', 'pending', 'owner', ARGV[3], 'utterance', ARGV[5])
    redis.call('ZADD', KEYS[4], tonumber(ARGV[4]), KEYS[1])
  end
end
if #ARGV > 5 then
  local fields = {}
  for i = 6, #ARGV do
    fields[#fields + 1] = ARGV[i]
  end
  redis.call('XADD', KEYS[2], '*', unpack(fields))
  redis.call('HSET', KEYS[3], 'updatedAt', ARGV[1])
end
return 1
