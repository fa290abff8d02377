import type { Cluster, Redis } from 'ioredis';
import type { ChatEvent } from '../../core/events';
import type { ChatMessage } from '../../core/session/types';
import type { StoredEvent } from '../types';
import type { ActiveStreamInit, AppendOnceResult, BeginStreamOptions, BeginStreamResult, ConversationStore, LogListener } from '../store/ConversationStore';
import { StoreError } from '../store/StoreError';
import { offerAppendQueued, type AppendQueued } from '../store/appendQueued';
import { AppendBatcher, type AppendBatch, type BatchSettler } from './AppendBatcher';
import { LeaseKeeper } from './LeaseKeeper';
import type { LogSubscription } from './LogSubscription';
import { OwnEchoes } from './OwnEchoes';
import { GONE, subscribeRedisLog } from './subscribeRedisLog';
import { createRedisConversationIndex } from './createRedisConversationIndex';
import type { ConversationIndex } from '../store/ConversationIndex';
import { APPEND, APPEND_MESSAGES, APPEND_ONCE, BEGIN, COUNT, END, GET_MESSAGES, GET_SELECTION, RESERVE, SET_SELECTION, preloadScripts, runScript } from './luaScripts';
import { closeRedisConnection, openRedisConnection, type RedisConnection } from './RedisConnection';
import { decodeActive, decodeEntries, decodeNotification, encodeEvent } from './redisCodec';
import { redisKeys } from './redisKeys';
import { randomId } from '../../core/randomId';
import type { RedisStoreOptions } from './RedisStoreOptions';

/** How long a cancel request waits for a replica that starts listening late. */
const CANCEL_FLAG_MS = 60_000;
/** Ends of streams that failed while Redis was down, retried when it is back (at most this many). */
const MAX_PENDING_ENDS = 10_000;
/** Conversations whose last appended seq is remembered (the floor that detects lost data). */
const MAX_FLOORS = 100_000;

/**
 * A {@link ConversationStore} in Redis, so several server replicas share conversations: a
 * client can start on replica A, resume on replica B, and cancel through B to stop the
 * model on A. Logs are Redis Streams (entry id `<seq>-0`), live followers are woken by
 * pub/sub, cancel requests travel over pub/sub, and generations in flight hold leases that
 * expire if their replica dies. Appends are batched: one script call per turn of the event
 * loop carries every event queued meanwhile, of every conversation (on Redis Cluster, one
 * call per conversation). Every conversation's keys share one hash tag, so each script
 * touches one slot per conversation and the store runs on Redis Cluster too. Needs Redis
 * 6.2 or later.
 *
 * When Redis goes away, calls fail at once with `store_unavailable` (no queueing), live
 * subscriptions end with it after `unavailableAfterMs`, and a Redis that comes back without
 * the data (its seq went backwards, the conversation is gone) is refused, never
 * overwritten.
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
// Over 80 lines: the returned object implements the ConversationStore interface; its methods share the connections, the batcher, the channel hub and the lease keeper (each of those is its own module).
export function createRedisStore(options: RedisStoreOptions): ConversationStore & ConversationIndex & { close(): Promise<void> } {
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
  const unavailableAfterMs = whole('unavailableAfterMs', options.unavailableAfterMs ?? 2_000, 1);
  const maxQueued = whole('maxQueuedAppends', options.maxQueuedAppends ?? 100_000, 1);
  const maxUserEvents = whole('maxEventsPerUserLog', options.maxEventsPerUserLog ?? 1_000, 1);
  const maxListed = whole('maxConversationsListed', options.maxConversationsListed ?? 1_000, 1);

  /** Stream ends that failed (Redis down), run again when the command connection is back. */
  const pendingEnds = new Map<string, () => Promise<void>>();
  const retryEnds = (): void => {
    for (const [streamId, end] of [...pendingEnds]) {
      pendingEnds.delete(streamId);
      void end().catch(() => undefined);
    }
  };

  let connection: Promise<RedisConnection> | undefined;
  let closed = false;
  const connect = (): Promise<RedisConnection> => {
    if (closed) return Promise.reject(new Error('createRedisStore: this store was closed; create a new one to use Redis again.'));
    // Scripts are loaded at connect and after every reconnect (a restarted Redis lost them).
    return (connection ??= openRedisConnection(options, unavailableAfterMs, (redis) => {
      preloadScripts(redis);
      retryEnds();
    }).then((opened) => {
      preloadScripts(opened.redis);
      return opened;
    }));
  };
  const client = async (): Promise<Redis | Cluster> => {
    const opened = await connect();
    opened.check();
    return opened.redis;
  };
  /** The command connection once it is up: a generation's appends wait out a blip (up to unavailableAfterMs). */
  const clientAfterBlip = async (): Promise<Redis | Cluster> => {
    const opened = await connect();
    await opened.whenReady(unavailableAfterMs);
    return opened.redis;
  };
  /** Tokens of appended batches: a batch sent again after a reconnect is recognised, not written twice. */
  const batchTokens = `${randomId()}:`;
  let writes = 0;

  /** Live log subscriptions, told when the store closes. */
  const subscriptions = new Set<LogSubscription>();
  /** What this store appended last per conversation: its subscribers take the echo as the written objects, unparsed. */
  const echoes = new OwnEchoes(MAX_FLOORS);
  const leases = new LeaseKeeper(client, keys, leaseMs);
  /** Per conversation, the last seq this store appended: Redis below it lost data. */
  const floors = new Map<string, number>();

  const readAfter = async (conversationId: string, afterSeq: number, limit?: number): Promise<StoredEvent[]> => {
    if (limit !== undefined && limit <= 0) return [];
    const start = `${Math.max(0, Math.floor(afterSeq)) + 1}-0`;
    const redis = await client();
    const entries = limit === undefined
      ? await redis.xrange(keys.log(conversationId), start, '+')
      : await redis.xrange(keys.log(conversationId), start, '+', 'COUNT', limit);
    return decodeEntries(entries);
  };
  const lastSeq = async (conversationId: string): Promise<number> => Number((await (await client()).get(keys.seq(conversationId))) ?? 0);

  /** The keys of an APPEND call per conversation written lately (owner, seq, log), not built again per batch. */
  const appendKeys = new Map<string, readonly [string, string, string]>();
  const appendKeysOf = (id: string): readonly [string, string, string] => {
    let names = appendKeys.get(id);
    if (names === undefined) {
      names = [keys.owner(id), keys.seq(id), keys.log(id)];
      appendKeys.set(id, names);
      if (appendKeys.size > MAX_FLOORS) appendKeys.delete(appendKeys.keys().next().value as string);
    }
    return names;
  };
  /** One APPEND call for `group`'s conversations (each reply in order). */
  const appendCall = async (redis: Redis | Cluster, group: readonly AppendBatch[], token: string): Promise<string[]> => {
    const callKeys: string[] = [];
    const args: (string | number)[] = [maxEvents, ttlMs, token];
    for (const { conversationId: id, jsons, events } of group) {
      const [owner, seq, log] = appendKeysOf(id);
      callKeys.push(owner, seq, log);
      const body = jsons.length === 1 ? (jsons[0] as string) : jsons.join('\n');
      echoes.wrote(id, body, jsons, events);
      args.push(`${floors.get(id) ?? 0}\n${body}`);
    }
    return String(await runScript(redis, APPEND, callKeys, args)).split(',');
  };
  /** Tells `settle` the outcome of `batch` from its reply: its first seq, or why it was refused. */
  const accept = (settle: BatchSettler, i: number, batch: AppendBatch, reply: string | undefined): void => {
    const [outcome, value] = (reply ?? '').split(' ');
    const id = batch.conversationId;
    if (outcome === 'gone') {
      return settle.failed(i, new StoreError('store_unavailable', `Conversation "${id}" is gone from Redis (it restarted without its data, or the conversation expired); nothing more is written to it.`));
    }
    if (outcome === 'backwards') {
      return settle.failed(i, new StoreError('store_unavailable', `Redis lost events of conversation "${id}": its seq went back from ${floors.get(id) ?? 0} to ${String(value)} (it restarted without its data); nothing more is written to it.`));
    }
    const first = Number(value);
    if (outcome !== 'ok' || !Number.isInteger(first)) {
      return settle.failed(i, new StoreError('store_unavailable', `The Redis store could not read Redis' answer to an append to conversation "${id}" (${JSON.stringify(reply)?.slice(0, 60)}); nothing more is written to it.`));
    }
    floors.delete(id);
    floors.set(id, first + batch.jsons.length - 1);
    if (floors.size > MAX_FLOORS) floors.delete(floors.keys().next().value as string);
    settle.written(i, first);
  };
  /** One call for every batch on one Redis; one per conversation on a cluster (its own slot), each settled as it answers. */
  const batcher = new AppendBatcher((batches, settle) => {
    const token = batchTokens + String(++writes);
    const failAll = (error: unknown): void => {
      for (let i = 0; i < batches.length; i++) settle.failed(i, error);
    };
    clientAfterBlip().then((redis) => {
      if (!redis.isCluster) {
        return appendCall(redis, batches, token).then((replies) => {
          for (let i = 0; i < batches.length; i++) accept(settle, i, batches[i] as AppendBatch, replies[i]);
        }, failAll);
      }
      batches.forEach((batch, i) => {
        appendCall(redis, [batch], token).then((replies) => accept(settle, i, batch, replies[0]), (error: unknown) => settle.failed(i, error));
      });
    }, failAll);
  }, maxQueued);

  /** An append told to `done` (a generation's, one callback for all its events); `append` is its promise. */
  const appendQueued: AppendQueued = (conversationId, event, done) => {
    let json: string;
    try {
      json = encodeEvent(event);
    } catch (error) {
      return done(error, 0);
    }
    batcher.enqueue(conversationId, json, event, done);
  };

  /** Drops what this store kept of its writes to `conversationId` (its stream ended, or it was deleted). */
  const forgetWrites = (conversationId: string): void => {
    floors.delete(conversationId);
    appendKeys.delete(conversationId);
    echoes.forget(conversationId);
  };

  /** Why a log followed up to `cursor` can no longer be trusted, or `null`. */
  const damage = async (conversationId: string, cursor: number): Promise<string | null> => {
    const redis = await client();
    const [owner, seq] = await Promise.all([redis.exists(keys.owner(conversationId)), redis.get(keys.seq(conversationId))]);
    if (owner === 0) return `Conversation "${conversationId}" is gone from Redis (it restarted without its data), so this stream cannot go on.`;
    const last = Number(seq ?? 0);
    if (last < cursor) return `Redis lost events of conversation "${conversationId}" (its seq went back from ${cursor} to ${last}; it restarted without its data), so this stream cannot go on.`;
    return null;
  };

  const conversationKeys = (id: string): string[] => [keys.owner(id), keys.seq(id), keys.log(id), keys.messages(id), keys.order(id)];

  const end = async (conversationId: string, streamId: string, userId: string): Promise<void> => {
    const redis = await client();
    const id = conversationId;
    await runScript(redis, END, [keys.active(id), keys.log(id), keys.seq(id), keys.owner(id), keys.messages(id), keys.order(id)], [streamId, retainMs, ttlMs]);
    if (userId !== '') await redis.zrem(keys.userStreams(userId), streamId);
  };

  const index = createRedisConversationIndex({
    client,
    hub: async () => (await connect()).hub,
    keys,
    ttlMs,
    maxEventsPerUserLog: maxUserEvents,
    maxConversationsListed: maxListed,
    subscriptions,
    now: Date.now,
    deleteData: async (conversationId) => {
      const redis = await client();
      const active = decodeActive(await redis.hgetall(keys.active(conversationId)));
      await redis.del(keys.active(conversationId), ...conversationKeys(conversationId));
      await redis.publish(keys.eventsChannel(conversationId), GONE);
      forgetWrites(conversationId);
      if (active) await redis.zrem(keys.userStreams(active.userId), active.streamId);
    },
  });

  return offerAppendQueued({
    ...index,
    ordersConcurrentAppends: true,

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

    append(conversationId: string, event: ChatEvent) {
      return new Promise<number>((resolve, reject) => appendQueued(conversationId, event, (error, seq) => (error === null ? resolve(seq) : reject(error))));
    },

    async appendOnce(conversationId: string, key: string, event: ChatEvent): Promise<AppendOnceResult> {
      const id = conversationId;
      const reply = (await runScript(
        await client(),
        APPEND_ONCE,
        [keys.owner(id), keys.seq(id), keys.log(id), keys.once(id), keys.onceOrder(id)],
        [maxEvents, keys.eventsChannel(id), ttlMs, key, encodeEvent(event)],
      )) as [string, (string | number)?];
      if (reply[0] === 'gone') {
        throw new StoreError('store_unavailable', `Conversation "${id}" is gone from Redis (it restarted without its data, or the conversation expired); nothing more is written to it.`);
      }
      if (reply[0] === 'taken') return { appended: false, first: decodeOnce(String(reply[1])) };
      return { appended: true, seq: Number(reply[1]) };
    },

    async readOnce(conversationId: string, key: string) {
      const value = await (await client()).hget(keys.once(conversationId), key);
      return value === null ? null : decodeOnce(value);
    },

    readAfter,
    lastSeq,

    async subscribe(conversationId: string, afterSeq: number, listener: LogListener) {
      const { hub } = await connect();
      return subscribeRedisLog({
        hub,
        channel: keys.eventsChannel(conversationId),
        readAfter: (after, limit) => readAfter(conversationId, after, limit),
        damage: (cursor) => damage(conversationId, cursor),
        subscriptions,
        decode: (message) => echoes.decode(conversationId, message) ?? decodeNotification(message),
      }, afterSeq, listener);
    },

    async appendMessages(conversationId: string, messages: ChatMessage[]) {
      if (messages.length === 0) return;
      const pairs = messages.flatMap((message) => [message.id, JSON.stringify(message)]);
      await runScript(await client(), APPEND_MESSAGES, [keys.messages(conversationId), keys.order(conversationId)], [maxMessages, ttlMs, ...pairs]);
    },

    async setSelection(conversationId: string, selection: Record<string, string>) {
      const pairs = Object.entries(selection).flat();
      if (pairs.length === 0) return;
      await runScript(await client(), SET_SELECTION, [keys.messages(conversationId), keys.order(conversationId)], [ttlMs, ...pairs]);
    },

    async getSelection(conversationId: string) {
      const pairs = (await runScript(await client(), GET_SELECTION, [keys.messages(conversationId), keys.order(conversationId)], [])) as string[];
      const selection: Record<string, string> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) selection[pairs[i] as string] = pairs[i + 1] as string;
      return selection;
    },

    async getMessages(conversationId: string, limit?: number) {
      if (limit !== undefined && limit <= 0) return [];
      const values = await runScript(await client(), GET_MESSAGES, [keys.messages(conversationId), keys.order(conversationId)], [limit ?? 0]);
      return (values as (string | null)[]).filter((value): value is string => typeof value === 'string').map((value) => JSON.parse(value) as ChatMessage);
    },

    async beginStream(init: ActiveStreamInit, begin: BeginStreamOptions = {}): Promise<BeginStreamResult> {
      const id = init.conversationId;
      const redis = await client();
      // Two steps, each in one slot (the user's, then the conversation's): count the user's
      // stream first, and give the count back when the conversation refuses.
      const userKey = keys.userStreams(init.userId);
      const reserved = (await runScript(redis, RESERVE, [userKey], [init.streamId, leaseMs, begin.maxPerUser ?? -1])) as [string, number?];
      if (reserved[0] === 'limit') return { ok: false, reason: 'user-limit', active: Number(reserved[1]) };
      let reply: [string, unknown?];
      try {
        reply = (await runScript(
          redis,
          BEGIN,
          [keys.active(id), ...conversationKeys(id)],
          [init.streamId, id, init.messageId, init.userId, init.startedAt, leaseMs, ttlMs, begin.create ? 1 : 0],
        )) as [string, unknown?];
      } catch (error) {
        await redis.zrem(userKey, init.streamId).catch(() => undefined);
        throw error;
      }
      const [outcome, value] = reply;
      if (outcome !== 'ok') await redis.zrem(userKey, init.streamId);
      if (outcome === 'busy') {
        const active = decodeActive(value as string[]);
        if (active) return { ok: false, reason: 'conversation-busy', active };
        throw new Error(`createRedisStore: conversation ${id} is busy but its active-stream record is unreadable: ${JSON.stringify(value)}.`);
      }
      if (outcome === 'not-found' || outcome === 'exists') return { ok: false, reason: outcome === 'exists' ? 'conversation-exists' : 'not-found' };
      leases.hold(init.streamId, { conversationId: id, userId: init.userId });
      floors.set(id, Number(value) - 1);
      return { ok: true, stream: { ...init, startSeq: Number(value) } };
    },

    async getActiveStream(conversationId) {
      return decodeActive(await (await client()).hgetall(keys.active(conversationId)));
    },

    async endStream(conversationId, streamId) {
      const lease = leases.release(streamId);
      forgetWrites(conversationId);
      const run = async (): Promise<void> => {
        const userId = lease?.userId ?? (await (await client()).hget(keys.active(conversationId), 'userId')) ?? '';
        await end(conversationId, streamId, userId);
      };
      try {
        await run();
      } catch (error) {
        // Redis is down: end it when it is back (its lease would free it later anyway).
        if (!closed && pendingEnds.size < MAX_PENDING_ENDS) pendingEnds.set(streamId, run);
        throw error instanceof StoreError ? error : new StoreError('store_unavailable', `The Redis store could not end stream ${streamId}; it ends when Redis is back (or when its lease runs out).`);
      }
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
      try {
        fire(await redis.get(keys.cancelFlag(streamId)));
      } catch (error) {
        stopReconnect();
        stopListening();
        throw error;
      }
      return () => {
        stopReconnect();
        stopListening();
      };
    },

    async close() {
      closed = true;
      leases.stop();
      pendingEnds.clear();
      const ended = new StoreError('store_unavailable', 'The Redis store was closed (the server is shutting down); no more events will come.');
      for (const subscription of [...subscriptions]) subscription.fail(ended);
      subscriptions.clear();
      const pending = connection;
      connection = undefined;
      const opened = await pending?.catch(() => undefined);
      if (!opened) return;
      await closeRedisConnection(opened);
    },
  }, appendQueued);
}

/** An `appendOnce` record: `<seq> <event JSON>`. */
function decodeOnce(value: string): StoredEvent {
  const space = value.indexOf(' ');
  return { seq: Number(value.slice(0, space)), event: JSON.parse(value.slice(space + 1)) as ChatEvent };
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
