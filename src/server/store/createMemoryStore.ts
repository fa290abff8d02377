import type { ChatEvent } from '../../core/events';
import type { ChatMessage } from '../../core/session/types';
import type { StoredEvent } from '../types';
import { StoreError } from './StoreError';
import { createMemoryConversationIndex } from './createMemoryConversationIndex';
import type {
  ActiveStream,
  AppendOnceResult,
  ActiveStreamInit,
  BeginStreamOptions,
  BeginStreamResult,
  ConversationStore,
  LogListener,
} from './ConversationStore';
import type { ConversationIndex } from './ConversationIndex';

/** Options of {@link createMemoryStore}. Every bound is per process. */
export interface MemoryStoreOptions {
  /**
   * Most conversations kept in all. At the bound, creating one more first drops those idle
   * past `conversationTtlMs`; if none is, the start is refused (answered 503 `store_full`
   * with `Retry-After`): one user's activity never evicts another user's conversations.
   * @defaultValue `1000`
   */
  maxConversations?: number;
  /**
   * Most conversations kept per user. Creating one more evicts that user's least recently
   * active conversation that has no generation in flight (their own data only); if all of
   * theirs are in flight, the start is refused (429).
   * @defaultValue `100`
   */
  maxConversationsPerUser?: number;
  /**
   * A conversation with no activity (no event, no generation) for this long, in ms, is
   * dropped when room is needed. `0`: never.
   * @defaultValue `86_400_000` (24 hours)
   */
  conversationTtlMs?: number;
  /** Most events kept per conversation log; older ones are dropped first. @defaultValue `10_000` */
  maxEventsPerLog?: number;
  /** Most history messages kept per conversation; older ones are dropped first. @defaultValue `200` */
  maxMessagesPerConversation?: number;
  /**
   * How long a conversation's log events are kept after its last generation ended
   * (long enough for a dropped client to resume), in ms. The history and `lastSeq` stay.
   * @defaultValue `600_000` (10 minutes)
   */
  retainMs?: number;
  /**
   * Most events kept in each user's conversation-list log (the user-events route); older
   * ones go first (a client that resumes from before them reloads the list).
   * @defaultValue `1_000`
   */
  maxEventsPerUserLog?: number;
}

interface Conversation {
  id: string;
  ownerId: string;
  /** Epoch ms of the last activity (created, event appended, stream begun or ended). */
  activeAt: number;
  /** Events still kept, oldest first; `events[i].seq === firstSeq + i`. */
  events: StoredEvent[];
  lastSeq: number;
  messages: ChatMessage[];
  /** Branch choices: message id (`''` the start) -> the child the active path takes. */
  selection: Map<string, string>;
  active: ActiveStream | null;
  listeners: Set<LogListener>;
  expiry: ReturnType<typeof setTimeout> | undefined;
  /** Events appended with `appendOnce`, by key, oldest first; cleared with the log's events. */
  once: Map<string, StoredEvent>;
}

/** A {@link ConversationStore} with its bounds, as returned by {@link createMemoryStore}. */
export type MemoryStore = ConversationStore & ConversationIndex & {
  /** How many conversations are kept right now (all users, or one user's). */
  size(userId?: string): number;
};

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
// Over 80 lines: the returned object implements the ConversationStore interface; its methods share the maps, the quotas and the retention timer.
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxConversations = positive(options.maxConversations, 1000, 'maxConversations');
  const maxPerUser = positive(options.maxConversationsPerUser, 100, 'maxConversationsPerUser');
  const maxEvents = positive(options.maxEventsPerLog, 10_000, 'maxEventsPerLog');
  const maxMessages = positive(options.maxMessagesPerConversation, 200, 'maxMessagesPerConversation');
  const retainMs = options.retainMs ?? 600_000;
  const ttlMs = options.conversationTtlMs ?? 86_400_000;
  const maxUserEvents = positive(options.maxEventsPerUserLog, 1_000, 'maxEventsPerUserLog');
  /** Insertion order = least recently active first. */
  const conversations = new Map<string, Conversation>();
  /** Each user's conversations, least recently active first. */
  const byUser = new Map<string, Map<string, Conversation>>();
  const streamsByUser = new Map<string, Set<string>>();
  const cancelListeners = new Map<string, Set<(reason?: string) => void>>();

  const touch = (c: Conversation): void => {
    c.activeAt = Date.now();
    conversations.delete(c.id);
    conversations.set(c.id, c);
    const mine = byUser.get(c.ownerId);
    mine?.delete(c.id);
    mine?.set(c.id, c);
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

  const lists = createMemoryConversationIndex({
    maxEventsPerUserLog: maxUserEvents,
    maxUsers: maxConversations,
    now: Date.now,
    deleteData: (userId, conversationId) => {
      const c = conversations.get(conversationId);
      if (!c || c.ownerId !== userId) return false;
      if (c.active) {
        const mine = streamsByUser.get(c.active.userId);
        mine?.delete(c.active.streamId);
        if (mine?.size === 0) streamsByUser.delete(c.active.userId);
        c.active = null;
      }
      drop(c, 'deleted by its owner');
      return true;
    },
  });

  const drop = (c: Conversation, why: string, unlist = true): void => {
    if (unlist) lists.forget(c.ownerId, c.id);
    clearTimeout(c.expiry);
    conversations.delete(c.id);
    const mine = byUser.get(c.ownerId);
    mine?.delete(c.id);
    if (mine?.size === 0) byUser.delete(c.ownerId);
    const error = new StoreError('conversation_gone', `Conversation "${c.id}" is gone from the chat server's memory store: it was ${why}.`);
    for (const l of [...c.listeners]) l.onError?.(error);
    c.listeners.clear();
  };

  /** Drops conversations idle past the TTL, least recently active first. */
  const sweep = (): void => {
    if (ttlMs <= 0) return;
    const before = Date.now() - ttlMs;
    for (const c of conversations.values()) {
      if (c.activeAt > before) break;
      if (!c.active) drop(c, `idle for more than conversationTtlMs (${ttlMs} ms)`);
    }
  };

  /**
   * Makes room for one more conversation of `ownerId`: their own least recently active
   * idle conversation goes at their quota; the global bound only drops expired ones.
   * @returns why there is no room, or `null`.
   */
  const makeRoom = (ownerId: string): { reason: 'user-limit' | 'store-full'; message: string } | null => {
    const mine = byUser.get(ownerId);
    if (mine && mine.size >= maxPerUser) {
      const idle = [...mine.values()].find((c) => !c.active);
      if (!idle) {
        return { reason: 'user-limit', message: `all ${mine.size} conversations of this user have a generation in flight (maxConversationsPerUser ${maxPerUser})` };
      }
      drop(idle, `evicted: its owner started more than maxConversationsPerUser (${maxPerUser}) conversations`);
    }
    if (conversations.size >= maxConversations) sweep();
    if (conversations.size >= maxConversations) {
      return {
        reason: 'store-full',
        message: `the memory store holds its maximum of ${maxConversations} conversations (maxConversations), none idle for conversationTtlMs yet`,
      };
    }
    return null;
  };

  const create = (conversationId: string, ownerId: string): Conversation => {
    const c: Conversation = {
      id: conversationId,
      ownerId,
      activeAt: Date.now(),
      events: [],
      lastSeq: 0,
      messages: [],
      selection: new Map(),
      active: null,
      listeners: new Set(),
      expiry: undefined,
      once: new Map(),
    };
    conversations.set(conversationId, c);
    const mine = byUser.get(ownerId) ?? new Map<string, Conversation>();
    mine.set(conversationId, c);
    byUser.set(ownerId, mine);
    return c;
  };

  const appendTo = (c: Conversation, event: ChatEvent): StoredEvent => {
    touch(c);
    const { seq: _ignored, ...rest } = event;
    const stored: StoredEvent = { seq: c.lastSeq + 1, event: rest as ChatEvent };
    c.lastSeq = stored.seq;
    c.events.push(stored);
    if (c.events.length > maxEvents) c.events.splice(0, c.events.length - maxEvents);
    deliver(c, stored);
    return stored;
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
    ...lists.index,
    ordersConcurrentAppends: true,
    size: (userId) => (userId === undefined ? conversations.size : (byUser.get(userId)?.size ?? 0)),

    async createConversation(conversationId, ownerId) {
      if (conversations.has(conversationId)) return false;
      const full = makeRoom(ownerId);
      if (full) throw new Error(`chatwire memory store: cannot create conversation "${conversationId}": ${full.message}.`);
      create(conversationId, ownerId);
      return true;
    },

    async getOwner(conversationId) {
      return conversations.get(conversationId)?.ownerId ?? null;
    },

    async append(conversationId, event: ChatEvent) {
      return appendTo(mustGet(conversationId), event).seq;
    },

    async appendOnce(conversationId, key, event): Promise<AppendOnceResult> {
      const c = mustGet(conversationId);
      const first = c.once.get(key);
      if (first) return { appended: false, first };
      const stored = appendTo(c, event);
      c.once.set(key, stored);
      if (c.once.size > maxEvents) c.once.delete(c.once.keys().next().value as string);
      return { appended: true, seq: stored.seq };
    },

    async readOnce(conversationId, key) {
      return conversations.get(conversationId)?.once.get(key) ?? null;
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
      if (c.messages.length > maxMessages) {
        for (const gone of c.messages.splice(0, c.messages.length - maxMessages)) c.selection.delete(gone.id);
      }
    },

    async setSelection(conversationId, selection) {
      const c = mustGet(conversationId);
      for (const [key, value] of Object.entries(selection)) {
        c.selection.delete(key);
        c.selection.set(key, value);
      }
      // Keys of messages no longer kept go first; at most one entry per message and the start.
      while (c.selection.size > maxMessages + 1) c.selection.delete(c.selection.keys().next().value as string);
    },

    async getSelection(conversationId) {
      return Object.fromEntries(conversations.get(conversationId)?.selection ?? []);
    },

    async getMessages(conversationId, limit) {
      const all = conversations.get(conversationId)?.messages ?? [];
      return limit === undefined ? [...all] : all.slice(Math.max(0, all.length - limit));
    },

    async beginStream(init: ActiveStreamInit, begin: BeginStreamOptions = {}): Promise<BeginStreamResult> {
      let c = conversations.get(init.conversationId);
      if (begin.create && c) return { ok: false, reason: 'conversation-exists' };
      if (!begin.create && !c) return { ok: false, reason: 'not-found' };
      if (c?.active) return { ok: false, reason: 'conversation-busy', active: c.active };
      const mine = streamsByUser.get(init.userId) ?? new Set<string>();
      if (begin.maxPerUser !== undefined && mine.size >= begin.maxPerUser) {
        return { ok: false, reason: 'user-limit', active: mine.size };
      }
      if (!c) {
        const full = makeRoom(init.userId);
        if (full?.reason === 'user-limit') return { ok: false, reason: 'user-limit', active: mine.size };
        if (full) return { ok: false, reason: 'store-full', message: full.message };
        c = create(init.conversationId, init.userId);
      }
      clearTimeout(c.expiry);
      c.expiry = undefined;
      c.active = { ...init, startSeq: c.lastSeq + 1 };
      mine.add(init.streamId);
      streamsByUser.set(init.userId, mine);
      touch(c);
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
      if (c.lastSeq === 0 && c.messages.length === 0) return drop(c, 'never written (its first start failed)');
      touch(c);
      const expiry = setTimeout(() => {
        c.expiry = undefined;
        if (!c.active) {
          c.events = [];
          c.once.clear();
        }
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
      for (const c of [...conversations.values()]) drop(c, 'closed with the store', false);
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
