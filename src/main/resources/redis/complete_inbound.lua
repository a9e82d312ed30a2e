-- Records the outcome of one processed push and appends the bot's answer to the transcript.
-- KEYS[1] dedup hash   KEYS[2] transcript stream   KEYS[3] conversation hash
-- ARGV[1] now (ms)  ARGV[2] passive reply to hand to retries ("" = 'success')
-- ARGV[3..] transcript entry of the answer as field, value, ... (none when there is no answer)
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'state', 'done', 'reply', ARGV[2])
end
if #ARGV > 2 then
  local fields = {}
  for i = 3, #ARGV do
    fields[#fields + 1] = ARGV[i]
  end
  redis.call('XADD', KEYS[2], '*', unpack(fields))
  redis.call('HSET', KEYS[3], 'updatedAt', ARGV[1])
end
return 1
