import { createStore, type StoreApi } from 'zustand/vanilla';
import { isChatwireError } from '../errors';
import { messageOf } from '../messageOf';
import { DEFAULT_ENDPOINT } from '../session/resolveChatRoutes';
import { REQUEST_ERRORS } from '../session/requestErrors';
import { requestJson } from '../session/requestJson';
import { resolveMultiTab } from '../sync/resolveMultiTab';
import type { MultiTabOptions } from '../sync/MultiTabOptions';
import { GLOBAL_TIMERS, type Timers } from '../Timers';
import { applyConversationEvent } from './applyConversationEvent';
import type { ConversationListEvent, ConversationSummary } from './ConversationSummary';
import { followUserEvents, type ListSnapshot, type StoredListEvent } from './followUserEvents';

/** Options of {@link createConversationsStore} (and `useConversations`). */
export interface ConversationsOptions {
  /** The chat endpoint; the list routes are under it. @defaultValue `'/api/chat'` */
  endpoint?: string;
  /** Headers for every request, or a function called before each one. */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  credentials?: RequestCredentials;
  /** Default `globalThis.fetch`, looked up per request. */
  fetch?: typeof globalThis.fetch;
  /** Conversations per page (1-100). @defaultValue `20` */
  pageSize?: number;
  /** The conversation selected at first (`null`: a new one). @defaultValue `null` */
  selectedId?: string | null;
  /**
   * One live connection per browser: the tab holding the Web Lock follows the user's list
   * changes and mirrors them to the other tabs over `BroadcastChannel`. `false`: each tab
   * has its own. @defaultValue `true` (where both APIs exist)
   */
  multiTab?: boolean | Pick<MultiTabOptions, 'channel' | 'locks'>;
  /** Timer functions (reconnect backoff). */
  timers?: Timers;
  /** Longest wait between reconnects, in ms. @defaultValue `30_000` */
  maxBackoffMs?: number;
}

/** The list as a tab sees it. */
export interface ConversationsState {
  /** Most recently updated first. */
  conversations: readonly ConversationSummary[];
  /** The open conversation; `null` for a new one (the server names it on its first prompt). */
  selectedId: string | null;
  /** Conversations whose answer finished while another one was selected. */
  unread: readonly string[];
  /** `loading` until the first page arrived. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The last failure (loading, renaming, deleting, following), in words. */
  error: string | null;
  /** Whether more pages can be loaded (`loadMore`). */
  hasMore: boolean;
  /** The live connection of this browser's list (in the tab that holds it, or as mirrored). */
  live: 'off' | 'connecting' | 'open' | 'closed';
}

/** The list and its actions. */
export interface ConversationsStoreState extends ConversationsState {
  /** Opens a conversation (clears its unread mark). */
  select(conversationId: string | null): void;
  /** Starts a new conversation: nothing is selected until its first prompt names it. */
  create(): void;
  /** Renames on the server; every tab and device shows the new title. Rejects on failure. */
  rename(conversationId: string, title: string): Promise<void>;
  /** Deletes on the server (a running answer is cancelled); gone from every tab and device. */
  remove(conversationId: string): Promise<void>;
  /** Loads the next page. */
  loadMore(): Promise<void>;
  /** Reloads the first page. */
  refresh(): Promise<void>;
  /** Starts loading and following (the hook calls it on mount). Idempotent. */
  attach(): void;
  /** Stops following (the hook calls it on unmount); `attach` starts again. */
  dispose(): void;
}

/** A zustand vanilla store of a user's conversation list. */
export type ConversationsStore = StoreApi<ConversationsStoreState>;

interface ListPage {
  conversations: ConversationSummary[];
  nextCursor: string | null;
  lastSeq: number;
}

/**
 * Creates the store of the signed-in user's conversation list: pages from
 * `GET {endpoint}/conversations`, rename and delete, and live changes from
 * `GET {endpoint}/conversations/events` (resumed by seq, applied once each, with
 * {@link applyConversationEvent}), over one connection per browser shared by the tabs.
 * A conversation whose answer finishes while another is selected gets an unread mark.
 *
 * @example
 * ```ts
 * const list = createConversationsStore({ endpoint: '/api/chat' });
 * list.getState().attach();
 * list.subscribe((s) => console.log(s.conversations.map((c) => c.title)));
 * ```
 */
// Over 80 lines: one closure holds the list, its seq and cursor, shared by the fold, the loads and the actions; each piece is a named inner function.
export function createConversationsStore(options: ConversationsOptions = {}): ConversationsStore {
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const pageSize = options.pageSize ?? 20;
  const timers = options.timers ?? GLOBAL_TIMERS;
  let lastSeq = -1; // unknown until the first page
  let cursor: string | null = null;
  let early: StoredListEvent[] = [];
  let stopLive: (() => void) | null = null;
  let attached = false;

  const request = (url: string, init: Parameters<typeof requestJson>[3]) => requestJson(REQUEST_ERRORS, options, url, init);
  const fail = (e: unknown): void => store.setState({ error: messageOf(e) });

  const applyEvent = (stored: StoredListEvent): void => {
    if (lastSeq < 0) {
      early.push(stored); // before the first page: applied once it is in
      return;
    }
    if (stored.seq <= lastSeq) return;
    if (stored.seq > lastSeq + 1) {
      void refresh(); // a gap (a reset, or a mirrored event missed): reload
      return;
    }
    lastSeq = stored.seq;
    const event: ConversationListEvent = stored.event;
    const s = store.getState();
    const conversations = applyConversationEvent(s.conversations, event) as ConversationSummary[];
    let { unread, selectedId } = s;
    if (event.type === 'conversation-finished' && event.conversation.conversationId !== selectedId && !unread.includes(event.conversation.conversationId)) {
      unread = [...unread, event.conversation.conversationId];
    }
    if (event.type === 'conversation-deleted') {
      unread = unread.filter((id) => id !== event.conversationId);
      if (selectedId === event.conversationId) selectedId = null;
    }
    store.setState({ conversations, unread, selectedId });
  };

  /** Takes a first page (the server's, or another tab's) and the events that came meanwhile. */
  const adopt = (page: ListSnapshot): void => {
    lastSeq = page.lastSeq;
    cursor = page.nextCursor;
    store.setState({ conversations: page.conversations, hasMore: cursor !== null, status: 'ready', error: null });
    const waiting = early;
    early = [];
    for (const stored of waiting) applyEvent(stored);
  };

  let loading: Promise<void> | null = null;
  /** Loads the first page (one request at a time). */
  const refresh = (): Promise<void> =>
    (loading ??= (async () => {
      const wasLoaded = lastSeq >= 0;
      if (!wasLoaded) store.setState({ status: 'loading' });
      try {
        const { json } = await request(`${endpoint}/conversations?limit=${pageSize}`, { method: 'GET' });
        adopt(json as ListPage);
      } catch (e) {
        store.setState({ status: wasLoaded ? 'ready' : 'error', error: messageOf(e) });
      } finally {
        loading = null;
      }
    })());

  const startLive = (): void => {
    const multiTab = resolveMultiTab(options.multiTab === undefined ? true : options.multiTab, timers);
    stopLive = followUserEvents({
      url: `${endpoint}/conversations/events`,
      channelName: `chatwire:conversations:${endpoint}`,
      multiTab,
      request: options,
      timers,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      lastSeq: () => lastSeq,
      onEvent: applyEvent,
      onReset: () => void refresh(),
      onLive: (live) => store.setState({ live }),
      onFinalError: (e) => store.setState({ live: 'closed', error: messageOf(e) }),
      beforeConnect: () => (lastSeq < 0 ? refresh() : Promise.resolve()),
      snapshot: () => (lastSeq < 0 ? null : { conversations: store.getState().conversations, lastSeq, nextCursor: cursor }),
      onSnapshot: (snapshot) => {
        if (lastSeq < 0) adopt(snapshot);
      },
      onNoSnapshot: () => {
        if (lastSeq < 0) void refresh();
      },
    });
  };

  const store = createStore<ConversationsStoreState>()((set, get) => ({
    conversations: [],
    selectedId: options.selectedId ?? null,
    unread: [],
    status: 'idle',
    error: null,
    hasMore: false,
    live: 'off',

    select(conversationId) {
      set({ selectedId: conversationId, unread: get().unread.filter((id) => id !== conversationId) });
    },
    create() {
      set({ selectedId: null });
    },
    async rename(conversationId, title) {
      try {
        const { json } = await request(`${endpoint}/conversations/${encodeURIComponent(conversationId)}`, { method: 'PATCH', body: { title } });
        const summary = json as ConversationSummary;
        set({ conversations: applyConversationEvent(get().conversations, { type: 'conversation-renamed', conversation: summary, at: Date.now() }), error: null });
      } catch (e) {
        fail(e);
        throw e;
      }
    },
    async remove(conversationId) {
      try {
        await request(`${endpoint}/conversations/${encodeURIComponent(conversationId)}`, { method: 'DELETE' });
        applyLocalDelete(conversationId);
      } catch (e) {
        // Already gone (deleted elsewhere): what the user wanted.
        if (isChatwireError(e) && e.status === 404) return applyLocalDelete(conversationId);
        fail(e);
        throw e;
      }
    },
    async loadMore() {
      if (cursor === null) return;
      try {
        const { json } = await request(`${endpoint}/conversations?limit=${pageSize}&cursor=${encodeURIComponent(cursor)}`, { method: 'GET' });
        const page = json as ListPage;
        cursor = page.nextCursor;
        const known = new Set(get().conversations.map((c) => c.conversationId));
        set({ conversations: [...get().conversations, ...page.conversations.filter((c) => !known.has(c.conversationId))], hasMore: cursor !== null });
      } catch (e) {
        fail(e);
      }
    },
    refresh,
    attach() {
      if (attached) return;
      attached = true;
      // The tab that connects loads the list first; another tab of the browser takes its list.
      if (!stopLive) startLive();
    },
    dispose() {
      attached = false;
      stopLive?.();
      stopLive = null;
      set({ live: 'off' });
    },
  }));

  function applyLocalDelete(conversationId: string): void {
    const s = store.getState();
    store.setState({
      conversations: applyConversationEvent(s.conversations, { type: 'conversation-deleted', conversationId, at: Date.now() }),
      unread: s.unread.filter((id) => id !== conversationId),
      selectedId: s.selectedId === conversationId ? null : s.selectedId,
    });
  }

  return store;
}
