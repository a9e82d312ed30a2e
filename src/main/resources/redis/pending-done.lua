-- Records how a taken pending answer ended and appends its transcript line.
-- KEYS[1] dedup hash   KEYS[2] transcript stream   KEYS[3] conversation hash
-- ARGV[1] now (ms)  ARGV[2] outcome (sent, failed, silent)  ARGV[3..] transcript entry (none for silent)
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'answer', ARGV[2])
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
