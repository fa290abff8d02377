import type { ChatEvent } from '../../core/events';
import type { ChatMessage } from '../../core/session/types';
import type { StoredEvent } from '../types';
import type {
  ActiveStream,
  ActiveStreamInit,
  BeginStreamResult,
  ConversationStore,
  LogListener,
} from './ConversationStore';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most conversations kept. Creating one more evicts the least recently active
   * conversation that has no generation in flight. Default `1000`.
   */
  maxConversations?: number;
  /** Most events kept per conversation log; older ones are dropped first. Default `10_000`. */
  maxEventsPerLog?: number;
  /** Most history messages kept per conversation; older ones are dropped first. Default `200`. */
  maxMessagesPerConversation?: number;
  /**
   * How long a conversation's log events are kept after its last generation ended
   * (long enough for a dropped client to resume). The history and `lastSeq` stay.
   * Default `600_000` (10 minutes).
   */
  retainMs?: number;
}

interface Conversation {
  ownerId: string;
  /** Events still kept, oldest first; `events[i].seq === firstSeq + i`. */
  events: StoredEvent[];
  lastSeq: number;
  messages: ChatMessage[];
  active: ActiveStream | null;
  listeners: Set<LogListener>;
  expiry: ReturnType<typeof setTimeout> | undefined;
}

/** A {@link ConversationStore} with its bounds, as returned by {@link createMemoryStore}. */
export interface MemoryStore extends ConversationStore {
  /** How many conversations are kept right now. */
  size(): number;
}

/**
 * The embedded default {@link ConversationStore}: everything in this process's memory,
 * bounded (conversations, events per log, messages), with log retention after a
 * generation ends. Subscribers are called synchronously on append, never polled.
 * Use the Redis store when several replicas serve one app.
 *
 * @example
 * ```ts
 * const store = createMemoryStore({ maxConversations: 500, retainMs: 60_000 });
 * const handler = createChatHandler({ store });
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxConversations = positive(options.maxConversations, 1000, 'maxConversations');
  const maxEvents = positive(options.maxEventsPerLog, 10_000, 'maxEventsPerLog');
  const maxMessages = positive(options.maxMessagesPerConversation, 200, 'maxMessagesPerConversation');
  const retainMs = options.retainMs ?? 600_000;
  /** Insertion order = least recently active first. */
  const conversations = new Map<string, Conversation>();
  const streamsByUser = new Map<string, Set<string>>();
  const cancelListeners = new Map<string, Set<(reason?: string) => void>>();

  const touch = (id: string, c: Conversation): void => {
    conversations.delete(id);
    conversations.set(id, c);
  };

  const mustGet = (id: string): Conversation => {
    const c = conversations.get(id);
    if (!c) {
      throw new Error(
        `chatwire memory store: no conversation "${id}" (never created, or evicted). ` +
          'Call createConversation first, or raise maxConversations.',
      );
    }
    return c;
  };

  const evictOne = (): void => {
    for (const [id, c] of conversations) {
      if (c.active) continue;
      drop(id, c, 'evicted to stay under maxConversations');
      return;
    }
    throw new Error(
      `chatwire memory store: all ${conversations.size} conversations have a generation in flight, ` +
        'none can be evicted. Raise maxConversations or lower maxConcurrentStreamsPerUser.',
    );
  };

  const drop = (id: string, c: Conversation, why: string): void => {
    clearTimeout(c.expiry);
    conversations.delete(id);
    const error = new Error(`chatwire memory store: conversation "${id}" was ${why}.`);
    for (const l of [...c.listeners]) l.onError?.(error);
    c.listeners.clear();
  };

  const deliver = (c: Conversation, stored: StoredEvent): void => {
    for (const l of [...c.listeners]) {
      try {
        l.onEvent(stored);
      } catch {
        // A failing subscriber must not break the log or the other subscribers.
      }
    }
  };

  return {
    size: () => conversations.size,

    async createConversation(conversationId, ownerId) {
      if (conversations.has(conversationId)) return false;
      if (conversations.size >= maxConversations) evictOne();
      conversations.set(conversationId, {
        ownerId,
        events: [],
        lastSeq: 0,
        messages: [],
        active: null,
        listeners: new Set(),
        expiry: undefined,
      });
      return true;
    },

    async getOwner(conversationId) {
      return conversations.get(conversationId)?.ownerId ?? null;
    },

    async append(conversationId, event: ChatEvent) {
      const c = mustGet(conversationId);
      touch(conversationId, c);
      const { seq: _ignored, ...rest } = event;
      const stored: StoredEvent = { seq: c.lastSeq + 1, event: rest as ChatEvent };
      c.lastSeq = stored.seq;
      c.events.push(stored);
      if (c.events.length > maxEvents) c.events.splice(0, c.events.length - maxEvents);
      deliver(c, stored);
      return stored.seq;
    },

    async readAfter(conversationId, afterSeq, limit) {
      const c = conversations.get(conversationId);
      if (!c) return [];
      return sliceAfter(c.events, afterSeq, limit);
    },

    async lastSeq(conversationId) {
      return conversations.get(conversationId)?.lastSeq ?? 0;
    },

    async subscribe(conversationId, afterSeq, listener) {
      const c = mustGet(conversationId);
      // Replay and registration happen in one synchronous step: no append can slip between.
      for (const stored of sliceAfter(c.events, afterSeq)) listener.onEvent(stored);
      const live: LogListener = {
        onEvent: (stored) => {
          if (stored.seq > afterSeq) listener.onEvent(stored);
        },
        onError: (error) => listener.onError?.(error),
      };
      c.listeners.add(live);
      return () => {
        c.listeners.delete(live);
      };
    },

    async appendMessages(conversationId, messages) {
      const c = mustGet(conversationId);
      for (const m of messages) {
        const at = c.messages.findIndex((x) => x.id === m.id);
        if (at >= 0) c.messages[at] = m;
        else c.messages.push(m);
      }
      if (c.messages.length > maxMessages) c.messages.splice(0, c.messages.length - maxMessages);
    },

    async getMessages(conversationId, limit) {
      const all = conversations.get(conversationId)?.messages ?? [];
      return limit === undefined ? [...all] : all.slice(Math.max(0, all.length - limit));
    },

    async beginStream(init: ActiveStreamInit, limits = {}): Promise<BeginStreamResult> {
      const c = mustGet(init.conversationId);
      if (c.active) return { ok: false, reason: 'conversation-busy', active: c.active };
      const mine = streamsByUser.get(init.userId) ?? new Set<string>();
      if (limits.maxPerUser !== undefined && mine.size >= limits.maxPerUser) {
        return { ok: false, reason: 'user-limit', active: mine.size };
      }
      clearTimeout(c.expiry);
      c.expiry = undefined;
      c.active = { ...init, startSeq: c.lastSeq + 1 };
      mine.add(init.streamId);
      streamsByUser.set(init.userId, mine);
      touch(init.conversationId, c);
      return { ok: true, stream: c.active };
    },

    async getActiveStream(conversationId) {
      return conversations.get(conversationId)?.active ?? null;
    },

    async endStream(conversationId, streamId) {
      const c = conversations.get(conversationId);
      if (!c?.active || c.active.streamId !== streamId) return;
      const mine = streamsByUser.get(c.active.userId);
      mine?.delete(streamId);
      if (mine?.size === 0) streamsByUser.delete(c.active.userId);
      c.active = null;
      clearTimeout(c.expiry);
      const expiry = setTimeout(() => {
        c.expiry = undefined;
        if (!c.active) c.events = [];
      }, retainMs);
      (expiry as { unref?: () => void }).unref?.();
      c.expiry = expiry;
    },

    async countActiveStreams(userId) {
      return streamsByUser.get(userId)?.size ?? 0;
    },

    async publishCancel(streamId, reason) {
      for (const l of [...(cancelListeners.get(streamId) ?? [])]) l(reason);
    },

    async onCancel(streamId, listener) {
      const set = cancelListeners.get(streamId) ?? new Set();
      set.add(listener);
      cancelListeners.set(streamId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) cancelListeners.delete(streamId);
      };
    },

    async close() {
      for (const [id, c] of conversations) drop(id, c, 'closed with the store');
      cancelListeners.clear();
      streamsByUser.clear();
    },
  };
}

function sliceAfter(events: StoredEvent[], afterSeq: number, limit?: number): StoredEvent[] {
  const first = events[0]?.seq ?? 0;
  const start = Math.max(0, afterSeq + 1 - first);
  return events.slice(start, limit === undefined ? undefined : start + limit);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`chatwire memory store: ${name} must be a positive integer, received ${String(value)}.`);
  }
  return value;
}
