import { lua } from './luaScripts';

/**
 * Shared Lua: appends `event` (JSON) to the user's log (KEYS[3] stream, KEYS[4] counter)
 * as the next seq, bounded to `maxEvents`, refreshes the TTL of the user's keys and
 * publishes `<seq> <event>` on `channel`. Returns the seq.
 */
const APPEND_USER_EVENT = `
local function append_event(event, maxEvents, ttl, channel)
  local seq = redis.call('INCR', KEYS[4])
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', maxEvents, seq .. '-0', 'e', event)
  if ttl > 0 then
    for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ttl) end
  end
  redis.call('PUBLISH', channel, seq .. ' ' .. event)
  return seq
end
local function public_json(c)
  local pub = {}
  for k, v in pairs(c) do if k ~= 'titleBy' then pub[k] = v end end
  return cjson.encode(pub)
end
local function deleted_event(id, at)
  return '{"type":"conversation-deleted","conversationId":' .. cjson.encode(id) .. ',"at":' .. at .. '}'
end
`;

/**
 * KEYS: the user's index (hash id -> summary JSON with `titleBy`), recent (sorted set by
 * updatedAt), log (stream), seq. ARGV: conversationId, mode (`create` | `update`), summary
 * or patch JSON, event type, at, max events, TTL ms (0 = none), channel, max listed.
 * `create`: adds the summary unless listed (then `false`); past `max listed`, the least
 * recently updated entries are unlisted (with `conversation-deleted`). `update`: merges the
 * patch (a model title never replaces a user's) into a listed entry, else `false`. Appends
 * the event; returns `{seq, summary JSON}`.
 */
export const INDEX_WRITE = lua(`
${APPEND_USER_EVENT}
local id = ARGV[1]
local raw = redis.call('HGET', KEYS[1], id)
local c
if ARGV[2] == 'create' then
  if raw then return false end
  c = cjson.decode(ARGV[3])
else
  if not raw then return false end
  c = cjson.decode(raw)
  local p = cjson.decode(ARGV[3])
  if p.title ~= nil then
    if p.titleBy == 'model' and c.titleBy == 'user' then return false end
    c.title = p.title
    c.titleBy = p.titleBy or 'user'
  end
  if p.updatedAt ~= nil then c.updatedAt = p.updatedAt end
  if p.running ~= nil then c.running = p.running end
  if p.addMessages ~= nil then c.messageCount = c.messageCount + p.addMessages end
end
redis.call('HSET', KEYS[1], id, cjson.encode(c))
redis.call('ZADD', KEYS[2], c.updatedAt, id)
local maxEvents, ttl, channel = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local summary = public_json(c)
local seq = append_event('{"type":"' .. ARGV[4] .. '","conversation":' .. summary .. ',"at":' .. ARGV[5] .. '}', maxEvents, ttl, channel)
local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[9])
if ARGV[2] == 'create' and extra > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, extra - 1)) do
    redis.call('ZREM', KEYS[2], old)
    redis.call('HDEL', KEYS[1], old)
    append_event(deleted_event(old, ARGV[5]), maxEvents, ttl, channel)
  end
end
return {seq, summary}
`);

/**
 * KEYS: index, recent, log, seq (as {@link INDEX_WRITE}). ARGV: conversationId, at, max
 * events, TTL ms, channel. Unlists the conversation and appends `conversation-deleted`;
 * returns its seq, or 0 when it was not listed.
 */
export const INDEX_DELETE = lua(`
${APPEND_USER_EVENT}
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
return append_event(deleted_event(ARGV[1], ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5])
`);

/**
 * KEYS: index, recent. ARGV: limit, before updatedAt (`''`: from the top), before id.
 * Summary JSONs (with `titleBy`), updatedAt descending, ties by id descending, strictly
 * after the `before` entry.
 */
export const INDEX_LIST = lua(`
local limit = tonumber(ARGV[1])
local hasBefore = ARGV[2] ~= ''
local top = hasBefore and ARGV[2] or '+inf'
local out = {}
local offset = 0
while #out < limit do
  local page = redis.call('ZREVRANGEBYSCORE', KEYS[2], top, '-inf', 'WITHSCORES', 'LIMIT', offset, limit + 16)
  if #page == 0 then break end
  for i = 1, #page, 2 do
    local id = page[i]
    if not (hasBefore and tonumber(page[i + 1]) == tonumber(ARGV[2]) and id >= ARGV[3]) then
      local value = redis.call('HGET', KEYS[1], id)
      if value then out[#out + 1] = value end
      if #out >= limit then break end
    end
  end
  offset = offset + #page / 2
end
return out
`);
