import { sortConversations } from '../../core/conversations/applyConversationEvent';
import type { ConversationListEvent, ConversationSummary } from '../../core/conversations/ConversationSummary';
import type {
  ConversationEventListener,
  ConversationIndex,
  ConversationPatch,
  StoredConversationEvent,
  TitleSource,
} from './ConversationIndex';

interface UserRecord {
  /** The user's listed conversations with who wrote each title. */
  entries: Map<string, { summary: ConversationSummary; titleBy: TitleSource }>;
  /** The log's last events, oldest first; `events[i].seq === events[0].seq + i`. */
  events: StoredConversationEvent[];
  lastSeq: number;
  listeners: Set<ConversationEventListener>;
}

/** Bounds and hooks of {@link createMemoryConversationIndex}. */
export interface MemoryConversationIndexOptions {
  /** Events kept per user log; older ones go first. */
  maxEventsPerUserLog: number;
  /** User records kept; past it, those with no conversation and no listener go, oldest first. */
  maxUsers: number;
  /** Deletes the conversation's data if `userId` owns it (then calls {@link MemoryConversationIndex.forget}); `false` when not there. */
  deleteData(userId: string, conversationId: string): boolean;
  now(): number;
}

/** The memory store's {@link ConversationIndex}, plus the hook its evictions call. */
export interface MemoryConversationIndex {
  index: ConversationIndex;
  /** The conversation is gone (deleted, evicted, expired): unlist it and tell the user's tabs. */
  forget(userId: string, conversationId: string): void;
}

/**
 * The per-user conversation lists and logs of the memory store (see {@link ConversationIndex}).
 * Listeners are called synchronously on append, like a conversation log's.
 */
// Over 80 lines: the returned object implements the conversation index; its methods share the per-user maps and change logs.
export function createMemoryConversationIndex(options: MemoryConversationIndexOptions): MemoryConversationIndex {
  /** Insertion order = least recently written first. */
  const users = new Map<string, UserRecord>();

  const record = (userId: string): UserRecord => {
    let user = users.get(userId);
    if (user) {
      users.delete(userId);
    } else {
      user = { entries: new Map(), events: [], lastSeq: 0, listeners: new Set() };
      for (const [id, old] of users) {
        if (users.size < options.maxUsers) break;
        if (old.entries.size === 0 && old.listeners.size === 0) users.delete(id);
      }
    }
    users.set(userId, user);
    return user;
  };

  const append = (user: UserRecord, event: ConversationListEvent): StoredConversationEvent => {
    const stored: StoredConversationEvent = { seq: user.lastSeq + 1, event };
    user.lastSeq = stored.seq;
    user.events.push(stored);
    if (user.events.length > options.maxEventsPerUserLog) user.events.splice(0, user.events.length - options.maxEventsPerUserLog);
    for (const listener of [...user.listeners]) {
      try {
        listener.onEvent(stored);
      } catch {
        // A failing subscriber must not break the log or the other subscribers.
      }
    }
    return stored;
  };

  const after = (user: UserRecord | undefined, afterSeq: number, limit?: number): StoredConversationEvent[] => {
    if (!user) return [];
    const first = user.events[0]?.seq ?? 0;
    const start = Math.max(0, afterSeq + 1 - first);
    return user.events.slice(start, limit === undefined ? undefined : start + limit);
  };

  const forget = (userId: string, conversationId: string): void => {
    const user = users.get(userId);
    if (!user?.entries.delete(conversationId)) return;
    append(user, { type: 'conversation-deleted', conversationId, at: options.now() });
  };

  const index: ConversationIndex = {
    async indexConversation(userId, summary, titleBy) {
      const user = record(userId);
      if (user.entries.has(summary.conversationId)) return null;
      user.entries.set(summary.conversationId, { summary: { ...summary }, titleBy });
      return append(user, { type: 'conversation-created', conversation: { ...summary }, at: options.now() });
    },

    async updateConversation(userId, conversationId, patch: ConversationPatch, type) {
      const user = users.get(userId);
      const entry = user?.entries.get(conversationId);
      if (!user || !entry) return null;
      if (patch.title !== undefined && patch.titleBy === 'model' && entry.titleBy === 'user') return null;
      const summary: ConversationSummary = {
        ...entry.summary,
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.updatedAt !== undefined && { updatedAt: patch.updatedAt }),
        ...(patch.running !== undefined && { running: patch.running }),
        messageCount: entry.summary.messageCount + (patch.addMessages ?? 0),
      };
      entry.summary = summary;
      if (patch.title !== undefined) entry.titleBy = patch.titleBy ?? 'user';
      record(userId);
      append(user, { type, conversation: { ...summary }, at: options.now() });
      return { ...summary };
    },

    async getConversation(userId, conversationId) {
      const entry = users.get(userId)?.entries.get(conversationId);
      return entry ? { ...entry.summary } : null;
    },

    async listConversations(userId, query) {
      const all = [...(users.get(userId)?.entries.values() ?? [])].map((e) => e.summary);
      const before = query.before;
      const page = all.filter((c) => !before || c.updatedAt < before.updatedAt || (c.updatedAt === before.updatedAt && c.conversationId < before.conversationId));
      return sortConversations(page)
        .slice(0, query.limit)
        .map((c) => ({ ...c }));
    },

    async deleteConversation(userId, conversationId) {
      return options.deleteData(userId, conversationId);
    },

    async readConversationEvents(userId, afterSeq, limit) {
      return after(users.get(userId), afterSeq, limit);
    },

    async lastConversationEventSeq(userId) {
      return users.get(userId)?.lastSeq ?? 0;
    },

    async subscribeConversationEvents(userId, afterSeq, listener) {
      const user = record(userId);
      // Replay and registration in one synchronous step: no append can slip between.
      for (const stored of after(user, afterSeq)) listener.onEvent(stored);
      const live: ConversationEventListener = {
        onEvent: (stored) => {
          if (stored.seq > afterSeq) listener.onEvent(stored);
        },
        onError: (error) => listener.onError?.(error),
      };
      user.listeners.add(live);
      return () => {
        user.listeners.delete(live);
      };
    },
  };
  return { index, forget };
}
