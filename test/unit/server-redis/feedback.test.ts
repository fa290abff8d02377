/**
 * The feedback route: a rating of an answer is kept on the message in the history and
 * appended to the conversation's log once per change (a `feedback` event that following
 * tabs and devices read). Every case runs on the memory store and on a real Redis, with two
 * replicas (handlers) sharing the store.
 */
import type { ChatEvent } from '../../../src/core/events';
import type { ChatMessage } from '../../../src/core/session/types';
import type { ChatHandler } from '../../../src/server/handler/createChatHandler';
import type { ConversationStore } from '../../../src/server/store/ConversationStore';
import { redisSuite } from '../../support/redisSuite';
import { deferred, scriptedModel, startRequest, streamReader } from '../server/sseTestKit';

const BASE = 'http://chat.test';
const redis = redisSuite();

/** Two replicas over one store; the model answers "Paris." unless told to wait for `hold`. */
function setup(kind: 'memory' | 'redis') {
  const stores: ConversationStore[] = [];
  const store = redis.sharedStore(kind);
  let hold: Promise<void> | null = null;
  const model = scriptedModel(async function* (): AsyncGenerator<ChatEvent> {
    yield { type: 'text-delta', delta: 'Paris.' };
    if (hold) await hold;
    yield { type: 'done', finishReason: 'stop' };
  });
  const make = (): ChatHandler => {
    const s = store();
    stores.push(s);
    return redis.handler({ model, store: s });
  };
  return { a: make(), b: make(), stores, holdNext: (until: Promise<void>) => (hold = until) };
}

async function answered(chat: ChatHandler): Promise<{ conversationId: string; prompt: ChatMessage; answer: ChatMessage }> {
  const response = await chat(startRequest(BASE, { message: { text: 'Capital of France?' } }));
  expect(response.status).toBe(200);
  const conversationId = response.headers.get('x-chatwire-conversation-id') as string;
  await streamReader(response.body).rest();
  await chat.settled();
  const [prompt, answer] = await messagesOf(chat, conversationId);
  return { conversationId, prompt: prompt as ChatMessage, answer: answer as ChatMessage };
}

function rate(chat: ChatHandler, conversationId: string, messageId: string, body: unknown, method = 'POST'): Promise<Response> {
  return chat(new Request(`${BASE}/api/chat/${conversationId}/messages/${encodeURIComponent(messageId)}/feedback`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  }));
}

async function messagesOf(chat: ChatHandler, conversationId: string): Promise<ChatMessage[]> {
  return ((await (await chat(new Request(`${BASE}/api/chat/${conversationId}/messages`))).json()) as { messages: ChatMessage[] }).messages;
}

async function feedbackEvents(store: ConversationStore, conversationId: string): Promise<ChatEvent[]> {
  return (await store.readAfter(conversationId, 0)).map((s) => s.event).filter((e) => e.type === 'feedback');
}

describe.each(['memory', 'redis'] as const)('the feedback route (%s store)', (kind) => {
  it('a change is kept in the history and appended to the log once; the same rating again appends nothing; null takes it back', async () => {
    const { a, b, stores } = setup(kind);
    const { conversationId, answer } = await answered(a);
    const store = stores[0] as ConversationStore;
    const follow = streamReader((await b(new Request(`${BASE}/api/chat/${conversationId}/stream?follow=1`, { headers: { 'Last-Event-ID': String(await store.lastSeq(conversationId)) } }))).body);

    const first = await rate(a, conversationId, answer.id, { value: 'up' });
    expect(first.status).toBe(200);
    const recorded = (await first.json()) as { seq: number };
    expect(recorded).toEqual({ messageId: answer.id, feedback: 'up', changed: true, seq: expect.any(Number) });
    // Another device following the conversation reads the event, with its seq.
    expect(await follow.until('feedback')).toMatchObject({ id: recorded.seq, data: { messageId: answer.id, value: 'up' } });
    expect((await messagesOf(b, conversationId)).find((m) => m.id === answer.id)?.feedback).toBe('up');

    const again = await rate(b, conversationId, answer.id, { value: 'up' });
    expect(await again.json()).toEqual({ messageId: answer.id, feedback: 'up', changed: false });
    expect(await feedbackEvents(store, conversationId)).toHaveLength(1);

    expect((await (await rate(b, conversationId, answer.id, { value: 'down' })).json()).changed).toBe(true);
    expect((await (await rate(a, conversationId, answer.id, { value: null })).json()).changed).toBe(true);
    const saved = (await messagesOf(a, conversationId)).find((m) => m.id === answer.id);
    expect(saved).toEqual({ ...answer });
    expect(saved && 'feedback' in saved).toBe(false);
    expect((await feedbackEvents(store, conversationId)).map((e) => (e as { value: unknown }).value)).toEqual(['up', 'down', null]);
  });

  it('the same rating sent from two replicas at once is appended once', async () => {
    const { a, b, stores } = setup(kind);
    const { conversationId, answer } = await answered(a);
    const answers = await Promise.all([rate(a, conversationId, answer.id, { value: 'down' }), rate(b, conversationId, answer.id, { value: 'down' })]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { changed: boolean }[];
    expect(bodies.filter((body) => body.changed)).toHaveLength(1);
    expect(await feedbackEvents(stores[0] as ConversationStore, conversationId)).toHaveLength(1);
    expect((await messagesOf(b, conversationId)).find((m) => m.id === answer.id)?.feedback).toBe('down');
  });

  it('of two different ratings at once, each recorded change is one event, the history ends with the last; a rating that lost gets 409 with the winner', async () => {
    const { a, b, stores } = setup(kind);
    const { conversationId, answer } = await answered(a);
    const answers = await Promise.all([rate(a, conversationId, answer.id, { value: 'up' }), rate(b, conversationId, answer.id, { value: 'down' })]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { changed?: boolean; feedback: string; error?: { code: string } }[];
    const values = (await feedbackEvents(stores[0] as ConversationStore, conversationId)).map((e) => (e as { value: string }).value);
    // At once (both read the same state): one is appended, the other is refused with it.
    // One after the other (the second read the first's rating): two changes, two events.
    expect(values).toHaveLength(bodies.filter((body) => body.changed).length);
    for (const [i, response] of answers.entries()) {
      if (response.status === 409) expect(bodies[i]).toMatchObject({ feedback: values[0], error: { code: 'feedback_conflict' } });
      else expect(response.status).toBe(200);
    }
    expect((await messagesOf(a, conversationId)).find((m) => m.id === answer.id)?.feedback).toBe(values.at(-1));
  });

  it('refuses what cannot be rated, saying what it received: bad bodies and ids, prompts, unknown messages, the answer being written', async () => {
    const { a } = setup(kind);
    const { conversationId, prompt, answer } = await answered(a);
    const refusal = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { code: string; message: string } }).error });
    expect(await refusal(await rate(a, conversationId, answer.id, { value: 'meh' }))).toMatchObject({ status: 400, code: 'invalid_request', message: expect.stringContaining('received value "meh"') });
    expect(await refusal(await rate(a, conversationId, answer.id, {}))).toMatchObject({ status: 400, message: expect.stringContaining('received value missing') });
    expect(await refusal(await rate(a, conversationId, answer.id, [1]))).toMatchObject({ status: 400, message: expect.stringContaining('received [1]') });
    expect(await refusal(await rate(a, conversationId, answer.id, 'not json'))).toMatchObject({ status: 400 });
    expect(await refusal(await rate(a, conversationId, 'bad id!', { value: 'up' }))).toMatchObject({ status: 400, message: expect.stringContaining('"bad id!"') });
    expect(await refusal(await rate(a, conversationId, prompt.id, { value: 'up' }))).toMatchObject({ status: 400, code: 'not_an_answer' });
    expect(await refusal(await rate(a, conversationId, 'nope', { value: 'up' }))).toMatchObject({ status: 404, code: 'message_not_found' });
    expect((await rate(a, conversationId, answer.id, null, 'GET')).status).toBe(405);
  });

  it('refuses to rate the answer being written (409), and rates it once it has ended', async () => {
    const { a, holdNext } = setup(kind);
    const { conversationId } = await answered(a);
    const release = deferred();
    holdNext(release.promise);
    const response = await a(startRequest(BASE, { conversationId, message: { text: 'And of Spain?' } }));
    const stream = streamReader(response.body);
    const session = await stream.until('session');
    const messageId = session.data.messageId as string;
    const busy = await rate(a, conversationId, messageId, { value: 'up' });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('message_in_flight');
    release.resolve();
    await stream.rest();
    await a.settled();
    expect((await rate(a, conversationId, messageId, { value: 'up' })).status).toBe(200);
  });
});
