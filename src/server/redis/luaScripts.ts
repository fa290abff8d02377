import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Lua script, run with EVALSHA (EVAL on a server that does not know it yet). */
export interface LuaScript {
  source: string;
  /** SHA1 of `source`, as the server names it. */
  sha: string;
}

/** Every script made by {@link lua}, so a connection can load them all at once. */
const scripts: LuaScript[] = [];

/** A {@link LuaScript} of `source`. */
export function lua(source: string): LuaScript {
  const script = { source, sha: createHash('sha1').update(source).digest('hex') };
  scripts.push(script);
  return script;
}

/**
 * Loads every script into a single Redis (`SCRIPT LOAD`, one pipeline), so the first
 * calls of a burst are EVALSHAs that hit, not a NOSCRIPT and an EVAL each. Commands sent
 * after it on the same connection run after it. Best effort: a failure is ignored (every
 * call still falls back to EVAL). On a cluster nothing is done (each node learns each
 * script from its first EVAL).
 */
export function preloadScripts(redis: Redis | Cluster): void {
  if (redis.isCluster) return;
  const pipeline = redis.pipeline();
  for (const script of scripts) pipeline.script('LOAD', script.source);
  pipeline.exec().catch(() => undefined);
}

/**
 * Runs `script` atomically on the server that owns `keys` (one slot), with EVALSHA; a
 * server that does not know the script (new, restarted, another cluster node) gets it
 * with EVAL, which also caches it there.
 */
export async function runScript(
  redis: Redis | Cluster,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Appends batches of events to one or more conversations in one call. KEYS: owner, seq,
 * log of each conversation, in turn. ARGV: MAXLEN, conversation TTL ms (0 = none), batch
 * token, then one argument per conversation: its floor (the highest seq this writer
 * already got), a newline, and its event JSONs separated by newlines (JSON never holds a
 * raw newline). Returns one reply per conversation, in order, joined by commas: `gone`
 * when it no longer exists and `backwards <seq>` when its counter is below the floor
 * (Redis lost data: nothing is written to it); otherwise `ok <first seq>`. A batch whose
 * token is already on the log's last entry was written before (the client sent it again
 * after a reconnect, its first answer lost): its first seq comes back and nothing is
 * written twice. Otherwise the events get consecutive seqs (XADD `<seq>-0`, after the
 * log's last entry if the counter is behind it; the batch's last entry carries the token
 * in field `t`; a counter or log this call creates gets the conversation TTL, one that
 * exists keeps its own, so a batch costs no TTL lookups) and are published as one message
 * `<first seq> <json>\n<json>...` on the conversation's events channel, whose name is its
 * log key with `events` for the final `log` (see redisKeys). On Redis Cluster a call
 * carries one conversation (its keys share one hash tag, so one slot). One string in and
 * out per conversation keeps the client's encoding and parsing of the call small.
 */
export const APPEND = lua(`
local maxlen, ttl, token = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local replies = {}
for k = 1, #KEYS / 3 do
  local owner, seqKey, log = KEYS[3 * k - 2], KEYS[3 * k - 1], KEYS[3 * k]
  local data = ARGV[3 + k]
  local cut = string.find(data, '\\n', 1, true)
  local floor = tonumber(string.sub(data, 1, cut - 1))
  local body = string.sub(data, cut + 1)
  local events = {}
  local from = 1
  while true do
    local nl = string.find(body, '\\n', from, true)
    if not nl then
      events[#events + 1] = string.sub(body, from)
      break
    end
    events[#events + 1] = string.sub(body, from, nl - 1)
    from = nl + 1
  end
  local n = #events
  local got = redis.call('MGET', owner, seqKey)
  if not got[1] then
    replies[k] = 'gone'
  else
    local last = tonumber(got[2] or '0')
    if last < floor then
      replies[k] = 'backwards ' .. last
    else
      local seq = last + 1
      local again = false
      local top = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)[1]
      if top then
        local logged = tonumber(string.match(top[1], '^(%d+)'))
        if top[2][3] == 't' and top[2][4] == token then
          again = true
          replies[k] = 'ok ' .. (logged - n + 1)
        elseif logged >= seq then
          seq = logged + 1
        end
      end
      if not again then
        local first = seq
        for i = 1, n do
          if i == n then
            redis.call('XADD', log, 'MAXLEN', '~', maxlen, seq .. '-0', 'e', events[i], 't', token)
          else
            redis.call('XADD', log, 'MAXLEN', '~', maxlen, seq .. '-0', 'e', events[i])
          end
          seq = seq + 1
        end
        redis.call('SET', seqKey, seq - 1, 'KEEPTTL')
        if ttl > 0 then
          -- Only a key this call made lacks a TTL (the others got theirs when made, from BEGIN or END).
          if not got[2] then redis.call('PEXPIRE', seqKey, ttl) end
          if not top and redis.call('PTTL', log) == -1 then redis.call('PEXPIRE', log, ttl) end
        end
        redis.call('PUBLISH', string.sub(log, 1, -4) .. 'events', first .. ' ' .. body)
        replies[k] = 'ok ' .. first
      end
    end
  end
end
return table.concat(replies, ',')
`);

/**
 * KEYS: owner, seq, log, once, once-order. ARGV: MAXLEN, events channel, conversation TTL
 * ms (0 = none), key, event JSON. `{'gone'}` when the conversation no longer exists;
 * `{'taken', '<seq> <json>'}` when an event was already appended under the key; else
 * appends the event with the next seq (as APPEND does), records it under the key (the
 * oldest keys beyond MAXLEN go), publishes it and returns `{'ok', seq}`.
 */
export const APPEND_ONCE = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'gone'} end
local first = redis.call('HGET', KEYS[4], ARGV[4])
if first then return {'taken', first} end
local seq = tonumber(redis.call('GET', KEYS[2]) or '0') + 1
local added = redis.pcall('XADD', KEYS[3], 'MAXLEN', '~', ARGV[1], seq .. '-0', 'e', ARGV[5])
if type(added) == 'table' and added.err then
  local top = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)
  if top[1] == nil then return redis.error_reply(added.err) end
  seq = tonumber(string.match(top[1][1], '^(%d+)')) + 1
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[1], seq .. '-0', 'e', ARGV[5])
end
redis.call('SET', KEYS[2], seq, 'KEEPTTL')
redis.call('HSET', KEYS[4], ARGV[4], seq .. ' ' .. ARGV[5])
redis.call('ZADD', KEYS[5], seq, ARGV[4])
local extra = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[1])
if extra > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[5], 0, extra - 1)) do redis.call('HDEL', KEYS[4], old) end
  redis.call('ZREMRANGEBYRANK', KEYS[5], 0, extra - 1)
end
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  for i = 2, 5 do
    if redis.call('PTTL', KEYS[i]) == -1 then redis.call('PEXPIRE', KEYS[i], ttl) end
  end
end
redis.call('PUBLISH', ARGV[2], seq .. ' ' .. ARGV[5])
return {'ok', seq}
`);

/**
 * KEYS: userStreams (the user's slot). ARGV: streamId, lease ms, maxPerUser (-1 = none).
 * Drops expired entries, refuses at the limit (`{'limit', count}`), else counts the stream
 * (scored by its lease deadline) and returns `{'ok'}`.
 */
export const RESERVE = lua(`
${NOW}
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local count = redis.call('ZCARD', KEYS[1])
local max = tonumber(ARGV[3])
if max >= 0 and count >= max then return {'limit', count} end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
return {'ok'}
`);

/**
 * KEYS: active, owner, seq, log, msgs, order (the conversation's slot).
 * ARGV: streamId, conversationId, messageId, userId, startedAt, lease ms, conversation TTL ms, create (1/0).
 * With create, makes the conversation (`{'exists'}` when taken); without, it must exist
 * (`{'not-found'}`). Returns {'busy', HGETALL active} | {'ok', startSeq}.
 */
export const BEGIN = lua(`
if ARGV[8] == '1' then
  if redis.call('EXISTS', KEYS[2]) == 1 then return {'exists'} end
elseif redis.call('EXISTS', KEYS[2]) == 0 then
  return {'not-found'}
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {'busy', redis.call('HGETALL', KEYS[1])}
end
if ARGV[8] == '1' then redis.call('SET', KEYS[2], ARGV[4]) end
local startSeq = tonumber(redis.call('GET', KEYS[3]) or '0') + 1
redis.call('HSET', KEYS[1], 'conversationId', ARGV[2], 'streamId', ARGV[1], 'messageId', ARGV[3],
  'userId', ARGV[4], 'startedAt', ARGV[5], 'startSeq', startSeq)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
local ttl = tonumber(ARGV[7])
for i = 2, 6 do
  if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) else redis.call('PERSIST', KEYS[i]) end
end
return {'ok', startSeq}
`);

/** KEYS: active. ARGV: streamId, lease ms. Extends the conversation's lease; 0 when it is gone. */
export const REFRESH = lua(`
if redis.call('HGET', KEYS[1], 'streamId') ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`);

/** KEYS: userStreams. ARGV: streamId, lease ms. Extends the user's entry of the stream (if still there). */
export const REFRESH_USER = lua(`
${NOW}
local lease = tonumber(ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false then return 0 end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
return 1
`);

/**
 * KEYS: active, log, seq, owner, msgs, order. ARGV: streamId, retain ms, conversation TTL ms.
 * Unless another stream is in flight: unregisters this one and starts the log's retention
 * clock; a conversation that was never written (no event, no message) is deleted.
 * Returns 1 when it ended the stream.
 */
export const END = lua(`
local current = redis.call('HGET', KEYS[1], 'streamId')
if current and current ~= ARGV[1] then return 0 end
if current then redis.call('DEL', KEYS[1]) end
if tonumber(redis.call('GET', KEYS[3]) or '0') == 0 and redis.call('ZCARD', KEYS[6]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
  if current then return 1 else return 0 end
end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  for i = 3, 6 do redis.call('PEXPIRE', KEYS[i], ttl) end
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
 * New ids go to the end; known ids are replaced in place; the oldest beyond the bound are
 * dropped, with their branch choices (`b:<id>`).
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
    for _, id in ipairs(old) do redis.call('HDEL', KEYS[1], 'm:' .. id, 'b:' .. id) end
  end
end
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return 1
`);

/**
 * KEYS: msgs, order. ARGV: conversation TTL ms, then key, child id pairs. Records branch
 * choices as `b:<key>` fields of the messages hash (key `''`: the conversation's start), so
 * they expire, are trimmed and deleted with the messages.
 */
export const SET_SELECTION = lua(`
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], 'b:' .. ARGV[i], ARGV[i + 1]) end
local ttl = tonumber(ARGV[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return 1
`);

/** KEYS: msgs, order. The branch choices of the start and of every kept message: key, child id pairs. */
export const GET_SELECTION = lua(`
local keys = redis.call('ZRANGE', KEYS[2], 0, -1)
table.insert(keys, 1, '')
local out = {}
local i = 1
while i <= #keys do
  local fields = {}
  for j = i, math.min(i + 499, #keys) do fields[#fields + 1] = 'b:' .. keys[j] end
  local values = redis.call('HMGET', KEYS[1], unpack(fields))
  for k, v in ipairs(values) do
    if v then
      out[#out + 1] = keys[i + k - 1]
      out[#out + 1] = v
    end
  end
  i = i + 500
end
return out
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
