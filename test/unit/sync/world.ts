/**
 * The multi-tab test world: a server companion in process (its handler is each tab's
 * fetch, wrapped to record that tab's requests), one in-memory BroadcastChannel hub and
 * lock manager, and stores ("tabs") on them. Real timers; every wait is bounded.
 */
import type { ChatEvent } from '../../../src/core/events';
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
import type { ChatMessage, ConnectionState } from '../../../src/core/session/types';
import type { TabRole } from '../../../src/core/sync/MultiTabOptions';
import type { ChatHandlerOptions } from '../../../src/server/handler/ChatHandlerOptions';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import { memoryStorage } from '../session/fakeChatFetch';
import { textOf } from '../session/harness';
import { createMemoryChannels, createMemoryLocks } from './memoryTabs';

export interface Recorded {
  method: string;
  path: string;
  lastEventId: string | null;
  body: unknown;
}

export interface Tab {
  store: ChatStore;
  /** The mount-time resume a ChatProvider would do (history, or the leader's snapshot). */
  ready: Promise<boolean>;
  requests: Recorded[];
  roles: TabRole[];
  events: ChatEvent[];
  /** Each `connection` the tab's store published, in order (changes only). */
  connections: ConnectionState[];
  readonly role: TabRole;
  close(): void;
}

const handlers: ChatHandler[] = [];
const tabs: Tab[] = [];
/** Closes every tab and server the tests opened (call in `afterEach`). */
export async function closeWorlds(): Promise<void> {
  for (const tab of tabs.splice(0)) tab.close();
  await Promise.all(handlers.splice(0).map((h) => h.close()));
}

export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A server, a conversation on it (one quick exchange done) and a way to open tabs on it. */
export async function world(model: MockModel = createMockModel({ delayMs: 3 }), handlerOptions: ChatHandlerOptions = {}) {
  const handler = createChatHandler({ model, heartbeatMs: 60_000, ...handlerOptions });
  handlers.push(handler);
  const serverFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    handler(new Request(new URL(String(input), 'http://127.0.0.1'), init))) as typeof globalThis.fetch;
  const first = await serverFetch('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: { id: 'hello-1', text: 'hello' } }),
  });
  const conversationId = first.headers.get('x-chatwire-conversation-id') ?? '';
  await first.text();
  expect(conversationId).not.toBe('');
  const channels = createMemoryChannels();
  const locks = createMemoryLocks();

  const openTab = (
    extra: {
      conversationId?: string | null;
      attach?: boolean;
      resumeEndpoint?: null;
      headers?: Record<string, string>;
      /** Leave `multiTab` unset: the globals `BroadcastChannel` and `navigator.locks` decide. */
      defaultMultiTab?: boolean;
    } = {},
  ): Tab => {
    const requests: Recorded[] = [];
    const roles: TabRole[] = [];
    const events: ChatEvent[] = [];
    const connections: ConnectionState[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://127.0.0.1');
      const headers = new Headers(init?.headers);
      requests.push({
        method: init?.method ?? 'GET',
        path: url.pathname,
        lastEventId: headers.get('last-event-id'),
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      return serverFetch(input, init);
    }) as typeof globalThis.fetch;
    const id = extra.conversationId === undefined ? conversationId : extra.conversationId;
    const store = createChatStore({
      fetch,
      storage: memoryStorage(),
      ...(id ? { conversationId: id } : {}),
      ...(extra.resumeEndpoint === null ? { resumeEndpoint: null } : {}),
      ...(extra.headers ? { headers: extra.headers } : {}),
      transport: { backoff: { initialMs: 5, jitter: 'none' }, idleTimeoutMs: 0 },
      // These tests count one answer's connections and requests: no follow connection between answers.
      follow: false,
      onEvent: (e) => events.push(e),
      ...(extra.defaultMultiTab ? {} : { multiTab: { channel: channels.channel, locks, onRoleChange: (r: TabRole) => roles.push(r) } }),
    });
    store.subscribe((s) => {
      if (s.connection !== connections.at(-1)) connections.push(s.connection);
    });
    const tab: Tab = {
      store,
      ready: Promise.resolve(false),
      requests,
      roles,
      events,
      connections,
      get role() {
        return roles.at(-1) ?? 'pending';
      },
      close: () => store.getState().controller.dispose(),
    };
    tabs.push(tab);
    if (extra.attach !== false) {
      store.getState().controller.attach();
      if (id) tab.ready = store.getState().resume();
    }
    return tab;
  };
  return { conversationId, serverFetch, openTab, model, channels, locks };
}

/**
 * Another "tab" that takes the conversation's lock first (so it leads) and speaks the sync
 * protocol by hand on `channel`; `release()` gives the lock up.
 */
export async function fakeLeader(w: Awaited<ReturnType<typeof world>>) {
  const name = `chatwire:/api/chat:${w.conversationId}`;
  let release!: () => void;
  await new Promise<void>((granted) => {
    void w.locks.request(name, {}, () => {
      granted();
      return new Promise<void>((r) => (release = r));
    });
  });
  return { channel: w.channels.channel(name), release: () => release() };
}

export const lastText = (tab: Tab): string => textOf([...tab.store.getState().messages].reverse().find((m) => m.role === 'assistant'));
/** The answer to the test's prompt (the conversation's first exchange, from `world`, does not count). */
export const answer = (tab: Tab): string => (tab.store.getState().messages.length > 2 ? lastText(tab) : '');
export const phase = (tab: Tab): string => tab.store.getState().phase;
export const active = (tab: Tab): boolean => ['submitted', 'generating', 'tool-calling', 'executing', 'resuming'].includes(phase(tab));
export const streams = (tab: Tab): Recorded[] =>
  tab.requests.filter((r) => (r.method === 'POST' && r.path === '/api/chat') || r.path.endsWith('/stream'));
export const shape = (messages: ChatMessage[]) => messages.map((m) => ({ id: m.id, role: m.role, text: textOf(m) }));

export async function history(serverFetch: typeof globalThis.fetch, id: string): Promise<ChatMessage[]> {
  const h = (await (await serverFetch(`/api/chat/${id}/messages`)).json()) as { messages: ChatMessage[] };
  return h.messages;
}

