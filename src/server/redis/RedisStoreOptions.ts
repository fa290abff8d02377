/**
 * A connected ioredis client (`new Redis(...)` or `new Cluster(...)` from `ioredis` 5), as
 * {@link RedisStoreOptions} takes it. Named by methods the store calls rather than by ioredis' `Redis` type, so that
 * chatwire's declarations need no ioredis installed in apps that do not use Redis (and type-check
 * with `skipLibCheck: false`); a client of another library (node-redis' `createClient()`) does
 * not fit. The store uses it as ioredis' `Redis` or `Cluster`.
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
   * A connected ioredis client, or an ioredis `Cluster`. The store duplicates it once for
   * pub/sub; `close()` leaves this client open. Do not set ioredis' own `keyPrefix` on it;
   * use `keyPrefix` here. Give it an `'error'` listener of your own: the store adds none
   * to a client it did not create.
   */
  redis?: IORedisClient;
  /**
   * A Redis URL such as `redis://127.0.0.1:6379`. The store loads `ioredis` (an optional
   * peer dependency: `npm i ioredis`) on first use and quits its connections on `close()`.
   */
  url?: string;
  /** Prefix of every key and channel. @defaultValue `'chatwire:'` */
  keyPrefix?: string;
  /** How long a conversation's log is kept after a generation ends, in ms. @defaultValue `600_000` (10 minutes) */
  retainMs?: number;
  /** Approximate cap on log entries per conversation (`XADD MAXLEN ~`). @defaultValue `10_000` */
  maxEventsPerLog?: number;
  /** History messages kept per conversation (oldest dropped). @defaultValue `200` */
  maxMessagesPerConversation?: number;
  /**
   * Lease of a generation in flight, in ms: the replica running it renews it every
   * `leaseMs / 3`; if that replica dies, the conversation is free again and the user's
   * active count drops after at most `leaseMs`.
   * @defaultValue `30_000`
   */
  leaseMs?: number;
  /**
   * Idle lifetime of a conversation (owner, history, seq counter), renewed by activity, in
   * ms. `0` keeps conversations forever.
   * @defaultValue `2_592_000_000` (30 days)
   */
  conversationTtlMs?: number;
  /**
   * How long the pub/sub connection may stay lost before every live subscription ends
   * with a `store_unavailable` error, in ms (a blip shorter than this is caught up
   * silently: no event lost, none twice).
   * @defaultValue `2_000`
   */
  unavailableAfterMs?: number;
  /**
   * Appends waiting to be written, over all conversations; one more is refused with
   * `store_unavailable` (Redis is not keeping up). Appends are written in batches: per
   * conversation, one script call at a time carries every event queued meanwhile.
   * @defaultValue `100_000`
   */
  maxQueuedAppends?: number;
  /**
   * Most events kept in each user's conversation-list log (the user-events route); older
   * ones go first (a client resuming from before them reloads the list).
   * @defaultValue `1_000`
   */
  maxEventsPerUserLog?: number;
  /**
   * Most conversations listed per user; past it, the least recently updated are unlisted
   * (their data expires with `conversationTtlMs`).
   * @defaultValue `1_000`
   */
  maxConversationsListed?: number;
}
