/**
 * The conversation list's store (what `useConversations` binds) against the real server
 * companion, in process: live changes from other devices, unread marks, rename and delete,
 * and one connection per browser shared by its tabs (in-memory channels and locks).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConversationsStore, type ConversationsStore } from '../../../src/core/conversations/createConversationsStore';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { readEvents, startRequest } from '../server/sseTestKit';
import { createMemoryChannels, createMemoryLocks } from '../sync/memoryTabs';

const handlers: ChatHandler[] = [];
const stores: ConversationsStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.getState().dispose();
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

function server() {
  const handler = createChatHandler({ model: createMockModel({ delayMs: 0 }), heartbeatMs: 60_000 });
  handlers.push(handler);
  const followers: string[] = [];
  const listLoads: string[] = [];
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    if (url.pathname.endsWith('/conversations/events')) followers.push(url.pathname);
    if (url.pathname.endsWith('/conversations')) listLoads.push(url.search);
    return handler(new Request(url, init));
  }) as typeof globalThis.fetch;
  /** Another device sends a prompt and reads the answer to its end. */
  const send = async (text: string, conversationId?: string): Promise<string> => {
    const res = await handler(startRequest('http://127.0.0.1', { conversationId, message: { text } }));
    await readEvents(res.body);
    return res.headers.get('x-chatwire-conversation-id') as string;
  };
  return { handler, fetch, followers, listLoads, send };
}

function list(fetch: typeof globalThis.fetch, extra: Parameters<typeof createConversationsStore>[0] = {}): ConversationsStore {
  const store = createConversationsStore({ fetch, multiTab: false, ...extra });
  stores.push(store);
  store.getState().attach();
  return store;
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const titles = (s: ConversationsStore) => s.getState().conversations.map((c) => c.title);

describe('the conversation list store', () => {
  it('loads the list, then shows conversations started, answered and renamed on another device live, with unread marks', async () => {
    const { fetch, send, handler } = server();
    const a = await send('hello first');
    const store = list(fetch);
    await until(() => store.getState().status === 'ready' && store.getState().live === 'open', 'the list and its live connection');
    expect(store.getState().conversations.map((c) => c.conversationId)).toEqual([a]);
    store.getState().select(a);

    const b = await send('hi second');
    await until(() => store.getState().conversations[0]?.conversationId === b && store.getState().conversations[0]?.running === false, 'the new conversation, answered');
    // b finished while a was open: unread; a is not.
    await until(() => store.getState().unread.includes(b), 'the unread mark');
    expect(store.getState().unread).not.toContain(a);
    store.getState().select(b);
    expect(store.getState().unread).toEqual([]);

    await handler(new Request(`http://127.0.0.1/api/chat/conversations/${a}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"title":"From the phone"}' }));
    await until(() => titles(store).includes('From the phone'), 'the rename from another device');
  });

  it('renames and removes through the server; a removed selected conversation leaves nothing selected', async () => {
    const { fetch, send } = server();
    const a = await send('hello one');
    const b = await send('hello two');
    const store = list(fetch);
    await until(() => store.getState().conversations.length === 2, 'the list');
    await store.getState().rename(a, 'Renamed here');
    expect(titles(store)).toContain('Renamed here');
    store.getState().select(b);
    await store.getState().remove(b);
    expect(store.getState().conversations.map((c) => c.conversationId)).toEqual([a]);
    expect(store.getState().selectedId).toBeNull();
    await expect(store.getState().rename('nope', 'x')).rejects.toThrow(/no conversation/);
    expect(store.getState().error).toMatch(/no conversation/);
  });

  it('pages with loadMore', async () => {
    const { fetch, send } = server();
    for (let i = 0; i < 5; i++) await send(`hello ${i}`);
    const store = list(fetch, { pageSize: 2 });
    await until(() => store.getState().status === 'ready', 'the first page');
    expect(store.getState().conversations).toHaveLength(2);
    expect(store.getState().hasMore).toBe(true);
    await store.getState().loadMore();
    await store.getState().loadMore();
    expect(store.getState().conversations.map((c) => c.title)).toEqual(['hello 4', 'hello 3', 'hello 2', 'hello 1', 'hello 0'].map((t) => expect.stringContaining(t)));
    expect(store.getState().hasMore).toBe(false);
  });

  it('two tabs of one browser share one live connection and one list load; both see a change from another device; the other tab takes over when the first closes', async () => {
    const { fetch, send, followers, listLoads } = server();
    const channels = createMemoryChannels();
    const locks = createMemoryLocks();
    const tab1 = list(fetch, { multiTab: { channel: channels.channel, locks } });
    await until(() => tab1.getState().live === 'open', 'the first tab to connect');
    const tab2 = list(fetch, { multiTab: { channel: channels.channel, locks } });
    await until(() => tab2.getState().status === 'ready', 'the second tab\'s list');
    // The second tab took the first tab's list: opening it cost the server nothing.
    expect(listLoads).toHaveLength(1);
    const id = await send('hello both tabs');
    await until(() => titles(tab1).length === 1 && titles(tab2).length === 1, 'both tabs to list it');
    expect(followers).toHaveLength(1);
    tab1.getState().dispose();
    await until(() => followers.length === 2, 'the second tab to take over');
    await send('hello again', id);
    await until(() => tab2.getState().conversations[0]?.messageCount === 4, 'the second tab to see the next answer');
  });
});
