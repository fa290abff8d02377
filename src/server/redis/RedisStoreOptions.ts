/**
 * A connected ioredis client (`new Redis(...)` from `ioredis` 5), as {@link RedisStoreOptions}
 * takes it. Named by methods the store calls rather than by ioredis' `Redis` type, so that
 * chatwire's declarations need no ioredis installed in apps that do not use Redis (and type-check
 * with `skipLibCheck: false`); a client of another library (node-redis' `createClient()`) does
 * not fit. The store uses it as ioredis' `Redis`.
 */
export interface IORedisClient {
  duplicate(...args: never[]): unknown;
  call(...args: never[]): unknown;
  evalsha(...args: never[]): unknown;
  xrange(...args: never[]): unknown;
  quit(...args: never[]): unknown;
}

/** Options of {@link createRedisStore}. Pass exactly one of `redis` and `url`. */
export interface RedisStoreOptions {
  /**
   * A connected ioredis client. The store duplicates it once for pub/sub; `close()`
   * leaves this client open. Do not set ioredis' own `keyPrefix` on it; use `keyPrefix` here.
   */
  redis?: IORedisClient;
  /**
   * A Redis URL such as `redis://127.0.0.1:6379`. The store loads `ioredis` (an optional
   * peer dependency: `npm i ioredis`) on first use and quits its connections on `close()`.
   */
  url?: string;
  /** Prefix of every key and channel. Default: `"chatwire:"`. */
  keyPrefix?: string;
  /** How long a conversation's log is kept after a generation ends. Default: 600 000 (10 min). */
  retainMs?: number;
  /** Approximate cap on log entries per conversation (`XADD MAXLEN ~`). Default: 10 000. */
  maxEventsPerLog?: number;
  /** History messages kept per conversation (oldest dropped). Default: 200. */
  maxMessagesPerConversation?: number;
  /**
   * Lease of a generation in flight: the replica running it renews it every `leaseMs / 3`;
   * if that replica dies, the conversation is free again and the user's active count drops
   * after at most `leaseMs`. Default: 30 000.
   */
  leaseMs?: number;
  /**
   * Idle lifetime of a conversation (owner, history, seq counter), renewed by activity.
   * `0` keeps conversations forever. Default: 2 592 000 000 (30 days).
   */
  conversationTtlMs?: number;
}
