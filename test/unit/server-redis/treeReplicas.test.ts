/**
 * Edit and regenerate while an answer streams, across replicas: two chat handlers share one
 * Redis; the answer runs on replica A, and the stop and the new branch's start go to
 * replica B (a load balancer's choice). The session controller (`createChatStore`) is the
 * client, its `fetch` the two handlers. The cancel reaches A's generation through the store,
 * and B starts the edit once that generation has ended; an edit with no stop first is still
 * refused (409 `conversation_busy`) after a bounded wait. Real timers; waits are bounded.
 */
import { activePath } from '../../../src/core/session/activePath';
import { siblingsOf } from '../../../src/core/session/branchOf';
import type { ChatMessage } from '../../../src/core/session/types';
import { createChatStore } from '../../../src/core/store/createChatStore';
import type { ChatHandler } from '../../../src/server/handler/createChatHandler';
import { BRANCH_START_WAIT_MS } from '../../../src/server/handler/beginAfterStreamEnd';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import { freshPrefix, redisSuite } from '../../support/redisSuite';
import { memoryStorage } from '../session/fakeChatFetch';
import { textOf } from '../session/harness';
import { eventually } from './helpers';

const BASE = 'http://127.0.0.1';
const redis = redisSuite();

interface Replica {
  chat: ChatHandler;
  model: MockModel;
  /** The requests this replica answered, as `METHOD path`. */
  seen: string[];
}

/** Two replicas on one Redis; their mocks write the long answer (~1,000 events) one event every `delayA` / `delayB` ms. */
function twoReplicas(delayA = 6, delayB = 1): { a: Replica; b: Replica } {
  const keyPrefix = freshPrefix();
  const make = (delayMs: number): Replica => {
    const model = createMockModel({ delayMs });
    return { chat: redis.handler({ store: redis.store({ keyPrefix }), model, heartbeatMs: 60_000 }), model, seen: [] };
  };
  return { a: make(delayA), b: make(delayB) };
}

/** A client whose first start goes to `first`, and every later request to `rest`. */
function client(first: Replica, rest: Replica, conversationId?: string) {
  let started = false;
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), BASE);
    const start = init?.method === 'POST' && url.pathname === '/api/chat';
    const replica = start && !started ? first : rest;
    if (start) started = true;
    replica.seen.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return replica.chat(new Request(url, init));
  }) as typeof globalThis.fetch;
  return createChatStore({
    fetch, storage: memoryStorage(), multiTab: false, follow: false, transport: { backoff: { initialMs: 5, jitter: 'none' }, idleTimeoutMs: 0 },
    ...(conversationId ? { conversationId } : {}),
  });
}

const view = (s: { messages: ChatMessage[]; selection: Record<string, string> }) => activePath(s.messages, s.selection);

async function history(replica: Replica, id: string): Promise<{ messages: ChatMessage[]; selection: Record<string, string> }> {
  return (await (await replica.chat(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: ChatMessage[]; selection: Record<string, string> };
}

describe('edit and regenerate while the answer streams on another replica', () => {
  it('an edit sent to replica B stops the answer running on replica A and starts the new branch on B', async () => {
    const { a, b } = twoReplicas();
    const store = client(a, b);
    const streaming = store.getState().send('Write something long about harbours');
    await eventually(() => textOf(view(store.getState())[1]).length > 30, 'some of the answer from A');
    const [u1, a1] = view(store.getState()) as [ChatMessage, ChatMessage];

    await store.getState().edit(u1.id, 'quick one instead');
    await streaming;
    await Promise.all([a.chat.settled(), b.chat.settled()]);

    // The stop went to B, reached A's generation through the store; the edit ran on B.
    expect(b.seen).toEqual(expect.arrayContaining(['POST /api/chat/' + store.getState().conversationId + '/cancel', 'POST /api/chat']));
    expect(a.model.aborts).toBe(1);
    expect(a.model.calls).toBe(1);
    expect(b.model.calls).toBe(1);
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.phase).toBe('complete');
    expect(view(s).map((m) => textOf(m))[0]).toBe('quick one instead');
    expect(textOf(view(s)[1]).length).toBeGreaterThan(0);
    // Both branches are kept; the stopped answer in its own, as it was when it stopped.
    const h = await history(b, s.conversationId ?? '');
    expect(h.messages.find((m) => m.id === a1.id)?.finishReason).toBe('cancelled');
    expect(h.messages.filter((m) => m.role === 'user').map((m) => textOf(m))).toEqual(['Write something long about harbours', 'quick one instead']);
    expect(activePath(h.messages, h.selection).map((m) => m.id)).toEqual(view(s).map((m) => m.id));
  });

  it('a regeneration sent to replica B stops the answer running on replica A and writes the other take on B', async () => {
    const { a, b } = twoReplicas();
    const store = client(a, b);
    const streaming = store.getState().send('Write something long about glaciers');
    await eventually(() => textOf(view(store.getState())[1]).length > 30, 'some of the answer from A');
    const [, a1] = view(store.getState()) as [ChatMessage, ChatMessage];

    await store.getState().regenerate(a1.id);
    await streaming;
    await Promise.all([a.chat.settled(), b.chat.settled()]);

    expect(a.model.aborts).toBe(1);
    expect(b.model.calls).toBe(1);
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.phase).toBe('complete');
    const shown = view(s);
    expect(shown).toHaveLength(2);
    expect(shown[1]?.id).not.toBe(a1.id);
    expect(textOf(shown[1])).toMatch(/^Take 2/);
    const h = await history(b, s.conversationId ?? '');
    expect(h.messages.filter((m) => m.role === 'assistant').map((m) => m.finishReason)).toEqual(['cancelled', 'stop']);
  });

  it('two devices edit one prompt at the same moment, one through each replica: both edits are kept as siblings, one after the other', async () => {
    const { a, b } = twoReplicas(1, 1);
    const onA = client(a, a);
    await onA.getState().send('hello');
    const id = onA.getState().conversationId as string;
    const onB = client(b, b, id);
    await onB.getState().resume();
    const u1 = view(onB.getState())[0] as ChatMessage;

    await Promise.all([onA.getState().edit(u1.id, 'hello from device A'), onB.getState().edit(u1.id, 'hello from device B')]);
    await Promise.all([a.chat.settled(), b.chat.settled()]);
    for (const store of [onA, onB]) {
      expect(store.getState().error).toBeNull();
      expect(store.getState().phase).toBe('complete');
    }
    expect(a.model.calls + b.model.calls).toBe(3);
    const h = await history(a, id);
    const prompts = h.messages.filter((m) => m.role === 'user');
    expect(prompts.map((m) => textOf(m)).sort()).toEqual(['hello', 'hello from device A', 'hello from device B']);
    expect(siblingsOf(h.messages, u1.id)?.count).toBe(3);
    for (const prompt of prompts) expect(h.messages.filter((m) => m.parentId === prompt.id).map((m) => m.finishReason)).toEqual(['stop']);
    expect(new Set(h.messages.map((m) => m.id)).size).toBe(h.messages.length);
  });

  it('an edit with no stop first waits a bounded time for the answer on the other replica, then is refused (409 conversation_busy); nothing runs twice', async () => {
    // An answer of about 12 s: still being written when the wait ends.
    const { a, b } = twoReplicas(12, 1);
    const started = await a.chat(new Request(`${BASE}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: { id: 'p1', text: 'Write something long about rivers' } }) }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const reader = (started.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const before = Date.now();
    const edit = await b.chat(new Request(`${BASE}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId, message: { id: 'p2', text: 'shorter' }, edit: 'p1' }),
    }));
    const waited = Date.now() - before;
    expect(edit.status).toBe(409);
    expect(await edit.json()).toMatchObject({ error: { code: 'conversation_busy' } });
    expect(waited).toBeGreaterThanOrEqual(BRANCH_START_WAIT_MS - 50);
    expect(b.model.calls).toBe(0);
    expect(a.model.aborts).toBe(0);
    await reader.cancel();
  });
});
