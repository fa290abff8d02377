import type { Redis } from 'ioredis';
import type { ChatEvent } from '../../core/events';
import type { ChatMessage } from '../../core/session/types';
import type { StoredEvent } from '../types';
import type { ActiveStreamInit, BeginStreamResult, ConversationStore, LogListener } from '../store/ConversationStore';
import { LeaseKeeper } from './LeaseKeeper';
import { LogSubscription } from './LogSubscription';
import { APPEND, APPEND_MESSAGES, BEGIN, COUNT, END, GET_MESSAGES, runScript } from './luaScripts';
import { closeRedisConnection, openRedisConnection, type RedisConnection } from './RedisConnection';
import { decodeActive, decodeEntries, decodeNotification, encodeEvent } from './redisCodec';
import { redisKeys } from './redisKeys';
import type { RedisStoreOptions } from './RedisStoreOptions';

/** How long a cancel request waits for a replica that starts listening late. */
const CANCEL_FLAG_MS = 60_000;

/**
 * A {@link ConversationStore} in Redis, so several server replicas share conversations: a
 * client can start on replica A, resume on replica B, and cancel through B to stop the
 * model on A. Logs are Redis Streams (entry id `<seq>-0`), live followers are woken by
 * pub/sub, cancel requests travel over pub/sub, and generations in flight hold leases that
 * expire if their replica dies. Needs Redis 6.2 or later (a single primary, not Cluster).
 *
 * `ioredis` is an optional peer dependency: pass a client, or a `url` and have it installed.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const store = createRedisStore({ redis: new Redis(process.env.REDIS_URL!), keyPrefix: 'myapp:chat:' });
 * const handler = createChatHandler({ store });
 * ```
 */
export function createRedisStore(options: RedisStoreOptions): ConversationStore & { close(): Promise<void> } {
  if ((options.redis === undefined) === (options.url === undefined)) {
    throw new Error(
      `createRedisStore: pass exactly one of { redis } (an ioredis client) or { url } (e.g. "redis://127.0.0.1:6379"); received ${
        options.redis && options.url ? 'both' : 'neither'
      }.`,
    );
  }
  const keys = redisKeys(options.keyPrefix ?? 'chatwire:');
  const retainMs = whole('retainMs', options.retainMs ?? 600_000, 0);
  const maxEvents = whole('maxEventsPerLog', options.maxEventsPerLog ?? 10_000, 1);
  const maxMessages = whole('maxMessagesPerConversation', options.maxMessagesPerConversation ?? 200, 1);
  const leaseMs = whole('leaseMs', options.leaseMs ?? 30_000, 100);
  const ttlMs = whole('conversationTtlMs', options.conversationTtlMs ?? 30 * 24 * 3_600_000, 0);

  let connection: Promise<RedisConnection> | undefined;
  let closed = false;
  const connect = (): Promise<RedisConnection> => {
    if (closed) return Promise.reject(new Error('createRedisStore: this store was closed; create a new one to use Redis again.'));
    return (connection ??= openRedisConnection(options));
  };
  const client = async (): Promise<Redis> => (await connect()).redis;

  /** Live log subscriptions, told when the store closes. */
  const subscriptions = new Set<LogSubscription>();
  const leases = new LeaseKeeper(client, keys, leaseMs);

  const readAfter = async (conversationId: string, afterSeq: number, limit?: number): Promise<StoredEvent[]> => {
    if (limit !== undefined && limit <= 0) return [];
    const start = `${Math.max(0, Math.floor(afterSeq)) + 1}-0`;
    const redis = await client();
    const entries = limit === undefined
      ? await redis.xrange(keys.log(conversationId), start, '+')
      : await redis.xrange(keys.log(conversationId), start, '+', 'COUNT', limit);
    return decodeEntries(entries);
  };

  const conversationKeys = (id: string): string[] => [keys.seq(id), keys.log(id), keys.owner(id), keys.messages(id), keys.order(id)];

  return {
    async createConversation(conversationId, ownerId) {
      const redis = await client();
      const created = ttlMs > 0
        ? await redis.set(keys.owner(conversationId), ownerId, 'PX', ttlMs, 'NX')
        : await redis.set(keys.owner(conversationId), ownerId, 'NX');
      return created === 'OK';
    },

    async getOwner(conversationId) {
      return (await client()).get(keys.owner(conversationId));
    },

    async append(conversationId: string, event: ChatEvent) {
      const seq = await runScript(
        await client(),
        APPEND,
        [keys.seq(conversationId), keys.log(conversationId)],
        [encodeEvent(event), maxEvents, keys.eventsChannel(conversationId), ttlMs],
      );
      return Number(seq);
    },

    readAfter,

    async lastSeq(conversationId) {
      return Number((await (await client()).get(keys.seq(conversationId))) ?? 0);
    },

    async subscribe(conversationId: string, afterSeq: number, listener: LogListener) {
      const { hub } = await connect();
      const subscription = new LogSubscription(afterSeq, listener, (after, limit) => readAfter(conversationId, after, limit));
      const stopListening = await hub.listen(keys.eventsChannel(conversationId), (message) => {
        const event = decodeNotification(message);
        if (event) subscription.push(event);
      });
      const stopReconnect = hub.onReconnect(() => void subscription.catchUp());
      subscriptions.add(subscription);
      await subscription.catchUp();
      return () => {
        subscriptions.delete(subscription);
        subscription.close();
        stopReconnect();
        stopListening();
      };
    },

    async appendMessages(conversationId: string, messages: ChatMessage[]) {
      if (messages.length === 0) return;
      const pairs = messages.flatMap((message) => [message.id, JSON.stringify(message)]);
      await runScript(await client(), APPEND_MESSAGES, [keys.messages(conversationId), keys.order(conversationId)], [maxMessages, ttlMs, ...pairs]);
    },

    async getMessages(conversationId: string, limit?: number) {
      if (limit !== undefined && limit <= 0) return [];
      const values = await runScript(await client(), GET_MESSAGES, [keys.messages(conversationId), keys.order(conversationId)], [limit ?? 0]);
      return (values as (string | null)[]).filter((value): value is string => typeof value === 'string').map((value) => JSON.parse(value) as ChatMessage);
    },

    async beginStream(init: ActiveStreamInit, limits?: { maxPerUser?: number }): Promise<BeginStreamResult> {
      const id = init.conversationId;
      const reply = (await runScript(
        await client(),
        BEGIN,
        [keys.active(id), keys.userStreams(init.userId), ...conversationKeys(id)],
        [init.streamId, id, init.messageId, init.userId, init.startedAt, leaseMs, limits?.maxPerUser ?? -1, ttlMs],
      )) as [string, unknown];
      const [outcome, value] = reply;
      if (outcome === 'busy') {
        const active = decodeActive(value as string[]);
        if (active) return { ok: false, reason: 'conversation-busy', active };
        throw new Error(`createRedisStore: conversation ${id} is busy but its active-stream record is unreadable: ${JSON.stringify(value)}.`);
      }
      if (outcome === 'limit') return { ok: false, reason: 'user-limit', active: Number(value) };
      leases.hold(init.streamId, { conversationId: id, userId: init.userId });
      return { ok: true, stream: { ...init, startSeq: Number(value) } };
    },

    async getActiveStream(conversationId) {
      return decodeActive(await (await client()).hgetall(keys.active(conversationId)));
    },

    async endStream(conversationId, streamId) {
      const redis = await client();
      const userId = leases.release(streamId)?.userId ?? (await redis.hget(keys.active(conversationId), 'userId')) ?? '';
      const id = conversationId;
      await runScript(
        redis,
        END,
        [keys.active(id), keys.userStreams(userId), keys.log(id), keys.seq(id), keys.owner(id), keys.messages(id), keys.order(id)],
        [streamId, retainMs, ttlMs],
      );
    },

    async countActiveStreams(userId) {
      return Number(await runScript(await client(), COUNT, [keys.userStreams(userId)], []));
    },

    async publishCancel(streamId, reason) {
      const payload = JSON.stringify(reason === undefined ? {} : { reason });
      await (await client())
        .multi()
        .set(keys.cancelFlag(streamId), payload, 'PX', CANCEL_FLAG_MS)
        .publish(keys.cancelChannel(streamId), payload)
        .exec();
    },

    async onCancel(streamId, listener) {
      const { redis, hub } = await connect();
      let fired = false;
      const fire = (payload: string | null): void => {
        if (fired || payload === null) return;
        fired = true;
        listener(decodeReason(payload));
      };
      const stopListening = await hub.listen(keys.cancelChannel(streamId), fire);
      // A cancel published before we listened (or while the connection was down) left a flag.
      const check = (): void => void redis.get(keys.cancelFlag(streamId)).then(fire, () => undefined);
      const stopReconnect = hub.onReconnect(check);
      fire(await redis.get(keys.cancelFlag(streamId)));
      return () => {
        stopReconnect();
        stopListening();
      };
    },

    async close() {
      closed = true;
      leases.stop();
      const ended = new Error('createRedisStore: the store was closed; no more events will come.');
      for (const subscription of [...subscriptions]) subscription.fail(ended);
      subscriptions.clear();
      const pending = connection;
      connection = undefined;
      const opened = await pending?.catch(() => undefined);
      if (!opened) return;
      await closeRedisConnection(opened);
    },
  };
}

function decodeReason(payload: string): string | undefined {
  try {
    const parsed = JSON.parse(payload) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason : undefined;
  } catch {
    return undefined;
  }
}

function whole(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`createRedisStore: ${name} must be an integer of at least ${min}, received ${String(value)}.`);
  }
  return value;
}
