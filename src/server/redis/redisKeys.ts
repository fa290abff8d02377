/** Every Redis key and channel name the store uses, under one prefix. */
export interface RedisKeys {
  owner(conversationId: string): string;
  /** Counter: the last seq ever appended. */
  seq(conversationId: string): string;
  /** Stream: the event log, entry id `<seq>-0`, field `e` = event JSON. */
  log(conversationId: string): string;
  /** Hash: `m:<messageId>` = message JSON, `n` = insertion counter. */
  messages(conversationId: string): string;
  /** Sorted set: message ids by insertion order. */
  order(conversationId: string): string;
  /** Hash: `appendOnce` key = `<seq> <event JSON>`. */
  once(conversationId: string): string;
  /** Sorted set: `appendOnce` keys by seq (the oldest go first past the bound). */
  onceOrder(conversationId: string): string;
  /** Hash: the generation in flight (an {@link ActiveStream}), expires with its lease. */
  active(conversationId: string): string;
  /** Sorted set: the user's streams in flight, scored by lease deadline (epoch ms). */
  userStreams(userId: string): string;
  /** String: a cancel request, kept briefly for a replica that starts listening late. */
  cancelFlag(streamId: string): string;
  /** Pub/sub channel: `<first seq> <event JSON>[\n<event JSON>...]` for every appended batch. The APPEND script names it from the log key (`log` -> `events`). */
  eventsChannel(conversationId: string): string;
  /** Pub/sub channel: `{"reason":...}` for every cancel request. */
  cancelChannel(streamId: string): string;
  /** Hash: the user's listed conversations, id -> summary JSON. */
  userIndex(userId: string): string;
  /** Sorted set: the user's listed conversation ids by `updatedAt`. */
  userRecent(userId: string): string;
  /** Stream: the user's conversation-list log, entry id `<seq>-0`, field `e` = event JSON. */
  userLog(userId: string): string;
  /** Counter: the last seq of the user's conversation-list log. */
  userSeq(userId: string): string;
  /** Pub/sub channel: `<seq> <event JSON>` for every conversation-list event of the user. */
  userEventsChannel(userId: string): string;
}

/**
 * Key names under `prefix` (e.g. `chatwire:conv:{<id>}:log`). The braces are Redis Cluster
 * hash tags: every key of one conversation (and every key of one user) lives in one slot,
 * so each Lua script touches one slot and the store runs on a cluster.
 */
export function redisKeys(prefix: string): RedisKeys {
  const conv = (id: string, what: string): string => `${prefix}conv:{${id}}:${what}`;
  return {
    owner: (id) => conv(id, 'owner'),
    seq: (id) => conv(id, 'seq'),
    log: (id) => conv(id, 'log'),
    messages: (id) => conv(id, 'msgs'),
    order: (id) => conv(id, 'order'),
    active: (id) => conv(id, 'active'),
    once: (id) => conv(id, 'once'),
    onceOrder: (id) => conv(id, 'once-order'),
    userStreams: (userId) => `${prefix}user:{${userId}}:streams`,
    cancelFlag: (streamId) => `${prefix}cancel:{${streamId}}`,
    eventsChannel: (id) => conv(id, 'events'),
    cancelChannel: (streamId) => `${prefix}cancel:{${streamId}}`,
    userIndex: (userId) => `${prefix}user:{${userId}}:convs`,
    userRecent: (userId) => `${prefix}user:{${userId}}:recent`,
    userLog: (userId) => `${prefix}user:{${userId}}:log`,
    userSeq: (userId) => `${prefix}user:{${userId}}:seq`,
    userEventsChannel: (userId) => `${prefix}user:{${userId}}:events`,
  };
}
