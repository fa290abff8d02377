import type { Redis } from 'ioredis';

/** A Lua script, loaded into the server once (SCRIPT LOAD) and run with EVALSHA. */
export interface LuaScript {
  source: string;
  /** The server's SHA1 of `source`, once loaded. */
  sha?: string;
}

function lua(source: string): LuaScript {
  return { source };
}

/** Runs `script` atomically on the server, loading it first (again after a server restart). */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  script.sha ??= String(await redis.script('LOAD', script.source));
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    script.sha = String(await redis.script('LOAD', script.source));
    return redis.evalsha(script.sha, keys.length, ...keys, ...args);
  }
}

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: seq, log. ARGV: event JSON, MAXLEN, events channel, conversation TTL ms (0 = none).
 * Next seq, XADD `<seq>-0` (re-syncing the counter if the log is ahead of it), publish
 * `<seq> <json>`, and give keys created here the conversation TTL. Returns the seq.
 */
export const APPEND = lua(`
local seq = redis.call('INCR', KEYS[1])
local added = redis.pcall('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'e', ARGV[1])
if type(added) == 'table' and added.err then
  local top = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
  if top[1] == nil then return redis.error_reply(added.err) end
  seq = tonumber(string.match(top[1][1], '^(%d+)')) + 1
  redis.call('SET', KEYS[1], seq, 'KEEPTTL')
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'e', ARGV[1])
end
local ttl = tonumber(ARGV[4])
if ttl > 0 then
  if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ttl) end
  if redis.call('PTTL', KEYS[2]) == -1 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
redis.call('PUBLISH', ARGV[3], seq .. ' ' .. ARGV[1])
return seq
`);

/**
 * KEYS: active, userStreams, seq, log, owner, msgs, order.
 * ARGV: streamId, conversationId, messageId, userId, startedAt, lease ms, maxPerUser (-1 = none), conversation TTL ms.
 * Returns {'busy', HGETALL active} | {'limit', count} | {'ok', startSeq}.
 */
export const BEGIN = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {'busy', redis.call('HGETALL', KEYS[1])}
end
${NOW}
local lease = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local count = redis.call('ZCARD', KEYS[2])
local max = tonumber(ARGV[7])
if max >= 0 and count >= max then return {'limit', count} end
local startSeq = tonumber(redis.call('GET', KEYS[3]) or '0') + 1
redis.call('HSET', KEYS[1], 'conversationId', ARGV[2], 'streamId', ARGV[1], 'messageId', ARGV[3],
  'userId', ARGV[4], 'startedAt', ARGV[5], 'startSeq', startSeq)
redis.call('PEXPIRE', KEYS[1], lease)
redis.call('ZADD', KEYS[2], now + lease, ARGV[1])
if redis.call('PTTL', KEYS[2]) < lease then redis.call('PEXPIRE', KEYS[2], lease) end
local ttl = tonumber(ARGV[8])
for i = 3, 7 do
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) else redis.call('PERSIST', KEYS[i]) end
end
return {'ok', startSeq}
`);

/** KEYS: active, userStreams. ARGV: streamId, lease ms. Extends a live lease; 0 when it is gone. */
export const REFRESH = lua(`
if redis.call('HGET', KEYS[1], 'streamId') ~= ARGV[1] then return 0 end
${NOW}
local lease = tonumber(ARGV[2])
redis.call('PEXPIRE', KEYS[1], lease)
redis.call('ZADD', KEYS[2], now + lease, ARGV[1])
if redis.call('PTTL', KEYS[2]) < lease then redis.call('PEXPIRE', KEYS[2], lease) end
return 1
`);

/**
 * KEYS: active, userStreams, log, seq, owner, msgs, order. ARGV: streamId, retain ms, conversation TTL ms.
 * Drops the user's lease; unless another stream is in flight, unregisters this one and
 * starts the log's retention clock. Returns 1 when it ended the stream.
 */
export const END = lua(`
redis.call('ZREM', KEYS[2], ARGV[1])
local current = redis.call('HGET', KEYS[1], 'streamId')
if current and current ~= ARGV[1] then return 0 end
if current then redis.call('DEL', KEYS[1]) end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  for i = 4, 7 do redis.call('PEXPIRE', KEYS[i], ttl) end
end
if current then return 1 else return 0 end
`);

/** KEYS: userStreams. The user's streams whose lease has not run out. */
export const COUNT = lua(`
${NOW}
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
`);

/**
 * KEYS: msgs, order. ARGV: max messages (0 = no bound), conversation TTL ms, then id, JSON pairs.
 * New ids go to the end; known ids are replaced in place; the oldest beyond the bound are dropped.
 */
export const APPEND_MESSAGES = lua(`
for i = 3, #ARGV, 2 do
  local field = 'm:' .. ARGV[i]
  if redis.call('HEXISTS', KEYS[1], field) == 0 then
    redis.call('ZADD', KEYS[2], redis.call('HINCRBY', KEYS[1], 'n', 1), ARGV[i])
  end
  redis.call('HSET', KEYS[1], field, ARGV[i + 1])
end
local max = tonumber(ARGV[1])
if max > 0 then
  local extra = redis.call('ZCARD', KEYS[2]) - max
  if extra > 0 then
    local old = redis.call('ZRANGE', KEYS[2], 0, extra - 1)
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, extra - 1)
    for _, id in ipairs(old) do redis.call('HDEL', KEYS[1], 'm:' .. id) end
  end
end
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return 1
`);

/** KEYS: msgs, order. ARGV: limit (0 = all). Message JSONs, oldest first. */
export const GET_MESSAGES = lua(`
local limit = tonumber(ARGV[1])
local ids
if limit > 0 then ids = redis.call('ZRANGE', KEYS[2], -limit, -1) else ids = redis.call('ZRANGE', KEYS[2], 0, -1) end
local out = {}
local i = 1
while i <= #ids do
  local fields = {}
  for j = i, math.min(i + 499, #ids) do fields[#fields + 1] = 'm:' .. ids[j] end
  local values = redis.call('HMGET', KEYS[1], unpack(fields))
  for _, v in ipairs(values) do out[#out + 1] = v end
  i = i + 500
end
return out
`);
