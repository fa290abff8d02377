import type { Cluster, Redis } from 'ioredis';
import type { ConversationSummary } from '../../core/conversations/ConversationSummary';
import type { ConversationIndex, StoredConversationEvent } from '../store/ConversationIndex';
import type { LogListener } from '../store/ConversationStore';
import type { StoredEvent } from '../types';
import type { ChannelHub } from './ChannelHub';
import { INDEX_DELETE, INDEX_LIST, INDEX_WRITE } from './conversationIndexScripts';
import type { LogSubscription } from './LogSubscription';
import { runScript } from './luaScripts';
import { decodeEntries } from './redisCodec';
import type { RedisKeys } from './redisKeys';
import { subscribeRedisLog } from './subscribeRedisLog';

/** What {@link createRedisConversationIndex} shares with its store. */
export interface RedisIndexDeps {
  client(): Promise<Redis | Cluster>;
  hub(): Promise<ChannelHub>;
  keys: RedisKeys;
  /** TTL of the user's keys, refreshed on every write (0: none). */
  ttlMs: number;
  maxEventsPerUserLog: number;
  maxConversationsListed: number;
  subscriptions: Set<LogSubscription>;
  /** Deletes the conversation's own keys (log, history, generation record). */
  deleteData(conversationId: string): Promise<void>;
  now(): number;
}

/**
 * The Redis store's {@link ConversationIndex}: every key of one user's list (hash of
 * summaries, sorted set by `updatedAt`, the log stream and its counter) is under the user's
 * hash tag, so each script touches one slot (Redis Cluster). The log is read and followed
 * like a conversation log (entry id `<seq>-0`, pub/sub `<seq> <json>`).
 */
export function createRedisConversationIndex(deps: RedisIndexDeps): ConversationIndex {
  const { keys } = deps;
  const userKeys = (userId: string): string[] => [keys.userIndex(userId), keys.userRecent(userId), keys.userLog(userId), keys.userSeq(userId)];
  const tail = (userId: string): (string | number)[] => [deps.maxEventsPerUserLog, deps.ttlMs, keys.userEventsChannel(userId)];

  const readEvents = async (userId: string, afterSeq: number, limit?: number): Promise<StoredConversationEvent[]> => {
    if (limit !== undefined && limit <= 0) return [];
    const start = `${Math.max(0, Math.floor(afterSeq)) + 1}-0`;
    const redis = await deps.client();
    const entries = limit === undefined
      ? await redis.xrange(keys.userLog(userId), start, '+')
      : await redis.xrange(keys.userLog(userId), start, '+', 'COUNT', limit);
    return decodeEntries(entries) as unknown as StoredConversationEvent[];
  };

  const unlist = async (userId: string, conversationId: string): Promise<boolean> => {
    const seq = await runScript(await deps.client(), INDEX_DELETE, userKeys(userId), [conversationId, deps.now(), ...tail(userId)]);
    return Number(seq) > 0;
  };

  return {
    async indexConversation(userId, summary, titleBy) {
      const at = deps.now();
      const reply = (await runScript(await deps.client(), INDEX_WRITE, userKeys(userId), [
        summary.conversationId, 'create', JSON.stringify({ ...summary, titleBy }), 'conversation-created', at, ...tail(userId), deps.maxConversationsListed,
      ])) as [number, string] | null;
      if (!reply) return null;
      return { seq: Number(reply[0]), event: { type: 'conversation-created', conversation: decodeSummary(reply[1]), at } };
    },

    async updateConversation(userId, conversationId, patch, type) {
      const reply = (await runScript(await deps.client(), INDEX_WRITE, userKeys(userId), [
        conversationId, 'update', JSON.stringify(patch), type, deps.now(), ...tail(userId), deps.maxConversationsListed,
      ])) as [number, string] | null;
      return reply ? decodeSummary(reply[1]) : null;
    },

    async getConversation(userId, conversationId) {
      const value = await (await deps.client()).hget(keys.userIndex(userId), conversationId);
      return value === null ? null : decodeSummary(value);
    },

    async listConversations(userId, query) {
      const before = query.before;
      const values = (await runScript(await deps.client(), INDEX_LIST, [keys.userIndex(userId), keys.userRecent(userId)], [
        query.limit, before ? before.updatedAt : '', before ? before.conversationId : '',
      ])) as string[];
      return values.map(decodeSummary);
    },

    async deleteConversation(userId, conversationId) {
      const owner = await (await deps.client()).get(keys.owner(conversationId));
      const listed = await unlist(userId, conversationId);
      if (owner !== userId) return listed;
      await deps.deleteData(conversationId);
      return true;
    },

    readConversationEvents: readEvents,

    async lastConversationEventSeq(userId) {
      return Number((await (await deps.client()).get(keys.userSeq(userId))) ?? 0);
    },

    async subscribeConversationEvents(userId, afterSeq, listener) {
      return subscribeRedisLog({
        hub: await deps.hub(),
        channel: keys.userEventsChannel(userId),
        readAfter: (after, limit) => readEvents(userId, after, limit) as unknown as Promise<StoredEvent[]>,
        subscriptions: deps.subscriptions,
      }, afterSeq, listener as unknown as LogListener);
    },
  };
}

/** A stored summary without the store's own `titleBy`. */
function decodeSummary(json: string): ConversationSummary {
  const { titleBy: _titleBy, ...summary } = JSON.parse(json) as ConversationSummary & { titleBy?: string };
  return summary;
}
