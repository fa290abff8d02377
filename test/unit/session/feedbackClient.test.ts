/**
 * The session's `feedback(messageId, value)` against the real server companion
 * (createChatHandler + mock model + memory store, in process: the handler is the `fetch`):
 * the rating shows at once, is recorded with the feedback route (the history keeps it, the
 * log has one `feedback` event per change), a reload or another device shows it; a refusal
 * shows the earlier rating again and calls `onError`; a conflict shows the rating that won.
 * Real timers; every wait is bounded.
 */
import type { ChatEvent } from '../../../src/core/events';
import { activePath } from '../../../src/core/session/activePath';
import type { ChatOptions } from '../../../src/core/session/ChatOptions';
import type { ChatMessage } from '../../../src/core/session/types';
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import { memoryStorage } from './fakeChatFetch';

const handlers: ChatHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

/** The server in process; `intercept` may answer a request instead of it. */
function server(intercept?: (url: URL, init?: RequestInit) => Response | undefined) {
  const store = createMemoryStore();
  const handler = createChatHandler({ model: createMockModel({ delayMs: 0 }), store, heartbeatMs: 60_000 });
  handlers.push(handler);
  const requests: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return intercept?.(url, init) ?? handler(new Request(url, init));
  }) as typeof globalThis.fetch;
  return { fetch, requests, store };
}

function client(fetch: typeof globalThis.fetch, extra: ChatOptions = {}): ChatStore {
  return createChatStore({ fetch, storage: memoryStorage(), multiTab: false, follow: false, ...extra });
}

/** A conversation with one finished answer; returns the answer's id. */
async function answered(store: ChatStore): Promise<string> {
  await store.getState().send('hello');
  const s = store.getState();
  return (activePath(s.messages, s.selection)[1] as ChatMessage).id;
}

const ratingOf = (store: ChatStore, id: string) => store.getState().messages.find((m) => m.id === id)?.feedback;

async function historyOf(fetch: typeof globalThis.fetch, id: string): Promise<ChatMessage[]> {
  return ((await (await fetch(`/api/chat/${id}/messages`)).json()) as { messages: ChatMessage[] }).messages;
}

describe('feedback from the session', () => {
  it('shows at once, is recorded on the server (history and one log event per change), and a reload shows it; null takes it back', async () => {
    const { fetch, requests, store: db } = server();
    const store = client(fetch);
    const a1 = await answered(store);
    const id = store.getState().conversationId as string;

    const pending = store.getState().feedback(a1, 'up');
    await vi.waitFor(() => expect(ratingOf(store, a1)).toBe('up'), { timeout: 2000, interval: 1 });
    await pending;
    expect(requests.filter((r) => r.endsWith('/feedback'))).toEqual([`POST /api/chat/${id}/messages/${a1}/feedback`]);
    expect((await historyOf(fetch, id)).find((m) => m.id === a1)?.feedback).toBe('up');

    // The same rating again sends nothing; a change is a second event.
    await store.getState().feedback(a1, 'up');
    expect(requests.filter((r) => r.endsWith('/feedback'))).toHaveLength(1);
    await store.getState().feedback(a1, 'down');
    const events: ChatEvent[] = [];
    const stop = await db.subscribe(id, 0, { onEvent: ({ event }) => void events.push(event), onError: () => undefined });
    stop();
    expect(events.filter((e) => e.type === 'feedback').map((e) => (e as { value: unknown }).value)).toEqual(['up', 'down']);

    // A reload (or another device) shows the rating from the history.
    const reloaded = client(fetch, { conversationId: id });
    await reloaded.getState().resume();
    expect(ratingOf(reloaded, a1)).toBe('down');

    await store.getState().feedback(a1, null);
    expect(ratingOf(store, a1)).toBeUndefined();
    expect((await historyOf(fetch, id)).find((m) => m.id === a1)).not.toHaveProperty('feedback');
  });

  it('a server that refuses: the earlier rating shows again and onError says why (feedback_failed)', async () => {
    let refuse = false;
    const { fetch } = server((url) => (refuse && url.pathname.endsWith('/feedback') ? new Response('{"error":{"code":"boom","message":"the ratings table is down"}}', { status: 500, headers: { 'content-type': 'application/json' } }) : undefined));
    const onError = vi.fn();
    const store = client(fetch, { onError });
    const a1 = await answered(store);
    await store.getState().feedback(a1, 'up');
    refuse = true;
    const seen: Array<string | undefined> = [];
    const unsubscribe = store.subscribe((s) => seen.push(s.messages.find((m) => m.id === a1)?.feedback));
    await store.getState().feedback(a1, 'down');
    unsubscribe();
    expect(seen).toEqual(['down', 'up']);
    expect(ratingOf(store, a1)).toBe('up');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'feedback_failed', retryable: true, message: expect.stringContaining('the ratings table is down') });
  });

  it('another rating recorded at the same moment (409 feedback_conflict) is the one shown', async () => {
    let conflict = false;
    const { fetch } = server((url) =>
      conflict && url.pathname.endsWith('/feedback')
        ? new Response('{"feedback":"down","error":{"code":"feedback_conflict","message":"rated down at the same moment"}}', { status: 409, headers: { 'content-type': 'application/json' } })
        : undefined,
    );
    const onError = vi.fn();
    const store = client(fetch, { onError });
    const a1 = await answered(store);
    conflict = true;
    await store.getState().feedback(a1, 'up');
    expect(ratingOf(store, a1)).toBe('down');
    expect(onError).not.toHaveBeenCalled();
  });

  it('rejects what cannot be rated, naming what it received; without a history route the rating stays on the page', async () => {
    const { fetch, requests } = server();
    const store = client(fetch);
    const a1 = await answered(store);
    const u1 = store.getState().messages.find((m) => m.role === 'user')?.id as string;
    await expect(store.getState().feedback(u1, 'up')).rejects.toThrow(`received "${u1}", which is a prompt`);
    await expect(store.getState().feedback('nope', 'up')).rejects.toThrow('received "nope", which this conversation does not have');
    await expect(store.getState().feedback(a1, 'sideways' as never)).rejects.toThrow(`takes 'up', 'down' or null; received "sideways"`);
    expect(requests.filter((r) => r.endsWith('/feedback'))).toEqual([]);

    const local = client(fetch, { historyEndpoint: null });
    const answer = await answered(local);
    await local.getState().feedback(answer, 'up');
    expect(ratingOf(local, answer)).toBe('up');
    expect(requests.filter((r) => r.endsWith('/feedback'))).toEqual([]);
  });
});
