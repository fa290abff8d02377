import { describe, expect, it } from 'vitest';
import { readSSE } from '../../../src/core/sse/readSSE';
import type { ConversationSummary } from '../../../src/core/conversations/ConversationSummary';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import type { ConversationStore } from '../../../src/server/store/ConversationStore';
import { redisSuite } from '../../support/redisSuite';
import { readEvents, startRequest } from '../server/sseTestKit';

const BASE = 'http://chat.test';
const redis = redisSuite();

const stores: Record<string, () => ConversationStore> = {
  memory: () => createMemoryStore(),
  redis: () => redis.store(),
};

/** A handler whose user is the `x-user` header (default u1), over `store`. */
function make(store: ConversationStore, options: Parameters<typeof createChatHandler>[0] = {}): ChatHandler {
  return redis.handler({
    model: createMockModel({ delayMs: 0 }),
    store,
    authorize: (req) => ({ userId: req.headers.get('x-user') ?? 'u1' }),
    ...options,
  });
}

async function start(chat: ChatHandler, text: string, conversationId?: string, user = 'u1'): Promise<string> {
  const res = await chat(startRequest(BASE, { conversationId, message: { text } }, { 'x-user': user }));
  expect(res.status).toBe(200);
  await readEvents(res.body);
  await chat.settled();
  return res.headers.get('x-chatwire-conversation-id') as string;
}

interface ListBody {
  conversations: ConversationSummary[];
  nextCursor: string | null;
  lastSeq: number;
}

async function list(chat: ChatHandler, query = '', user = 'u1'): Promise<ListBody> {
  const res = await chat(new Request(`${BASE}/api/chat/conversations${query}`, { headers: { 'x-user': user } }));
  expect(res.status).toBe(200);
  return (await res.json()) as ListBody;
}

const rename = (chat: ChatHandler, id: string, title: unknown, user = 'u1') =>
  chat(new Request(`${BASE}/api/chat/conversations/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-user': user }, body: JSON.stringify({ title }) }));
const remove = (chat: ChatHandler, id: string, user = 'u1') =>
  chat(new Request(`${BASE}/api/chat/conversations/${id}`, { method: 'DELETE', headers: { 'x-user': user } }));

/** Reads `count` events of the user-events stream after `lastEventId`, then stops. */
async function userEvents(chat: ChatHandler, count: number, lastEventId = '0', user = 'u1') {
  const abort = new AbortController();
  const res = await chat(new Request(`${BASE}/api/chat/conversations/events`, { headers: { 'last-event-id': lastEventId, 'x-user': user }, signal: abort.signal }));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const out: { id: string; event: string; data: Record<string, unknown> }[] = [];
  for await (const m of readSSE(res.body as ReadableStream<Uint8Array>)) {
    out.push({ id: m.id, event: m.event, data: JSON.parse(m.data) as Record<string, unknown> });
    if (out.length >= count) break;
  }
  abort.abort();
  return out;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(Object.keys(stores))('conversation routes on the %s store', (kind) => {
  const makeStore = stores[kind] as () => ConversationStore;

  it('lists the user\'s conversations most recent first, titled from the first prompt then by the model, with message counts', async () => {
    const chat = make(makeStore());
    const a = await start(chat, 'hello there, first conversation');
    const b = await start(chat, 'What is the weather in Paris and Rome today?');
    await start(chat, 'hi again', a);
    await start(chat, 'hello from someone else', undefined, 'u2');
    // The model's title replaces the prompt's a moment later (never delaying the answer).
    await until(async () => (await list(chat)).conversations.every((c) => c.title.includes(':')), 'model titles');
    const body = await list(chat);
    expect(body.conversations.map((c) => c.conversationId)).toEqual([a, b]);
    expect(body.conversations[0]).toMatchObject({ title: 'Quick chat: hello there, first conversation', messageCount: 4, running: false });
    expect(body.conversations[1]).toMatchObject({ title: 'Weather: What is the weather in', messageCount: 2, running: false });
    expect(body.conversations[0]!.updatedAt).toBeGreaterThanOrEqual(body.conversations[1]!.updatedAt);
    expect(body.nextCursor).toBeNull();
    expect((await list(chat, '', 'u2')).conversations.map((c) => c.title)).toEqual(['Quick chat: hello from someone else']);
  });

  it('pages with a cursor, without gaps or repeats, and refuses a bad limit or cursor naming the field', async () => {
    const chat = make(makeStore());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await start(chat, `hello number ${i}`));
    const first = await list(chat, '?limit=2');
    expect(first.conversations).toHaveLength(2);
    const second = await list(chat, `?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`);
    const third = await list(chat, `?limit=2&cursor=${encodeURIComponent(second.nextCursor as string)}`);
    expect(third.nextCursor).toBeNull();
    const seen = [...first.conversations, ...second.conversations, ...third.conversations].map((c) => c.conversationId);
    expect(seen).toEqual([...ids].reverse());
    for (const [query, field] of [['?limit=0', 'limit'], ['?limit=abc', 'limit'], ['?cursor=%%', 'cursor'], ['?cursor=12-a%20b', 'cursor']] as const) {
      const res = await chat(new Request(`${BASE}/api/chat/conversations${query}`));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
  });

  it('renames (a later model title never overrides it) and deletes, both 404 for another user\'s id and for an unknown one', async () => {
    const chat = make(makeStore());
    const a = await start(chat, 'hello rename me');
    const res = await rename(chat, a, '  My   plans\n');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ conversationId: a, title: 'My plans' });
    expect((await list(chat)).conversations[0]?.title).toBe('My plans');
    await start(chat, 'hello once more', a);
    expect((await list(chat)).conversations[0]?.title).toBe('My plans');

    for (const response of [await rename(chat, a, 'theirs', 'u2'), await remove(chat, a, 'u2'), await rename(chat, 'nope', 'x'), await remove(chat, 'nope')]) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('conversation_not_found');
    }
    expect((await rename(chat, a, '')).status).toBe(400);
    expect((await rename(chat, a, 'x'.repeat(201))).status).toBe(400);
    const notJson = await chat(new Request(`${BASE}/api/chat/conversations/${a}`, { method: 'PATCH', headers: { 'content-type': 'text/plain' }, body: '{"title":"x"}' }));
    expect(notJson.status).toBe(415);
    const wrongMethod = await chat(new Request(`${BASE}/api/chat/conversations/${a}`, { method: 'GET' }));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('PATCH, DELETE');

    const deleted = await remove(chat, a);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: true, conversationId: a });
    expect((await list(chat)).conversations).toEqual([]);
    expect((await chat(new Request(`${BASE}/api/chat/${a}/messages`))).status).toBe(404);
    expect((await chat(new Request(`${BASE}/api/chat/${a}/stream`))).status).toBe(404);
    expect((await remove(chat, a)).status).toBe(404);
  });

  it('deleting a conversation that is answering cancels the generation first and frees the user\'s stream quota', async () => {
    const model = createMockModel({ delayMs: 5 });
    const chat = make(makeStore(), { model, maxConcurrentStreamsPerUser: 1 });
    const res = await chat(startRequest(BASE, { message: { text: 'a long answer please' } }));
    const id = res.headers.get('x-chatwire-conversation-id') as string;
    const events = readEvents(res.body);
    await until(async () => (await list(chat)).conversations[0]?.running === true, 'the running flag');
    expect((await remove(chat, id)).status).toBe(200);
    const seen = await events;
    expect(seen.at(-1)?.type).toBe('cancelled');
    expect(model.aborts).toBe(1);
    expect((await list(chat)).conversations).toEqual([]);
    // The quota of one stream is free again.
    const next = await chat(startRequest(BASE, { message: { text: 'quick one' } }));
    expect(next.status).toBe(200);
    await readEvents(next.body);
  });

  it('ends a follow stream of a conversation when it is deleted, with conversation_gone', async () => {
    const chat = make(makeStore());
    const id = await start(chat, 'hello follow me');
    const follow = await chat(new Request(`${BASE}/api/chat/${id}/stream?follow=1&lastEventId=0`));
    const events = readSSE(follow.body as ReadableStream<Uint8Array>);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const m of events) seen.push(m.event === 'error' ? `error:${(JSON.parse(m.data) as { code: string }).code}` : m.event);
    })();
    await until(async () => seen.includes('done'), 'the replay');
    expect((await remove(chat, id)).status).toBe(200);
    await reading;
    expect(seen.at(-1)).toBe('error:conversation_gone');
  });

  it('streams the user\'s list changes with seqs, resumes after Last-Event-ID, and shows only the caller\'s', async () => {
    const chat = make(makeStore());
    const a = await start(chat, 'hello events');
    await until(async () => (await list(chat)).conversations[0]?.title.startsWith('Quick chat') ?? false, 'the model title');
    await rename(chat, a, 'Renamed');
    await start(chat, 'hello from u2', undefined, 'u2');
    await remove(chat, a);
    const events = await userEvents(chat, 5);
    expect(events.map((e) => e.event)).toEqual([
      'conversation-created',
      'conversation-renamed',
      'conversation-finished',
      'conversation-renamed',
      'conversation-deleted',
    ]);
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(events[0]?.data).toMatchObject({ conversation: { conversationId: a, title: 'hello events', running: true, messageCount: 0 } });
    expect(events[2]?.data).toMatchObject({ conversation: { running: false, messageCount: 2 } });
    expect(events[4]?.data).toMatchObject({ conversationId: a });
    expect((await userEvents(chat, 1, '3')).map((e) => e.id)).toEqual(['4']);
    expect((await list(chat)).lastSeq).toBe(5);

    // Live: a rename in "another tab" arrives on an open stream.
    const b = await start(chat, 'hello live');
    const live = userEvents(chat, 1, String((await list(chat)).lastSeq));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rename(chat, b, 'Live rename');
    const [event] = await live;
    expect(event).toMatchObject({ event: 'conversation-renamed', data: { conversation: { conversationId: b, title: 'Live rename' } } });
  });

  it('answers a reset when Last-Event-ID is beyond the user\'s log, and 400 for a malformed one', async () => {
    const chat = make(makeStore());
    const events = await userEvents(chat, 1, '7');
    expect(events[0]).toMatchObject({ event: 'reset', data: { reason: 'log_restarted', afterSeq: 7, lastSeq: 0 } });
    const bad = await chat(new Request(`${BASE}/api/chat/conversations/events`, { headers: { 'last-event-id': 'x' } }));
    expect(bad.status).toBe(400);
  });

  it('counts the user-events stream against maxConnectionsPerUser and refuses other origins', async () => {
    const chat = make(makeStore(), { maxConnectionsPerUser: 1 });
    const abort = new AbortController();
    const open = await chat(new Request(`${BASE}/api/chat/conversations/events`, { signal: abort.signal }));
    expect(open.status).toBe(200);
    const second = await chat(new Request(`${BASE}/api/chat/conversations/events`));
    expect(second.status).toBe(429);
    abort.abort();
    await open.body?.cancel().catch(() => undefined);
    const foreign = await chat(new Request(`${BASE}/api/chat/conversations`, { headers: { origin: 'http://evil.test' } }));
    expect(foreign.status).toBe(403);
    const unauthorized = createChatHandler({ store: makeStore(), authorize: () => null });
    expect((await unauthorized(new Request(`${BASE}/api/chat/conversations`))).status).toBe(401);
  });
});

it('answers 501 for the conversation routes when the store keeps no list', async () => {
  const memory = createMemoryStore();
  const { indexConversation: _a, updateConversation: _b, getConversation: _c, listConversations: _d, deleteConversation: _e, readConversationEvents: _f, lastConversationEventSeq: _g, subscribeConversationEvents: _h, ...bare } = memory;
  const chat = make(bare as ConversationStore);
  await start(chat, 'hello without a list');
  const res = await chat(new Request(`${BASE}/api/chat/conversations`));
  expect(res.status).toBe(501);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('conversation_list_unsupported');
});

it('the memory store tells the list when a user\'s quota evicts their oldest conversation', async () => {
  const chat = make(createMemoryStore({ maxConversationsPerUser: 2 }));
  const first = await start(chat, 'hello one');
  await start(chat, 'hello two');
  await start(chat, 'hello three');
  const body = await list(chat);
  const ids = body.conversations.map((c) => c.conversationId);
  expect(ids).toHaveLength(2);
  expect(ids).not.toContain(first);
  const events = await userEvents(chat, body.lastSeq, '0');
  expect(events.some((e) => e.event === 'conversation-deleted' && e.data.conversationId === first)).toBe(true);
});
