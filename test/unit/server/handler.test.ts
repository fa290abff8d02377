import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { HttpError } from '../../../src/server/handler/HttpError';
import { createMockModel } from '../../../src/server/models/mock';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import type { ChatMessage } from '../../../src/core/session/types';
import { cancelRequest, readEvents, startRequest, textOf } from './sseTestKit';

const BASE = 'http://chat.test';
let handler: ChatHandler | undefined;

afterEach(async () => {
  await handler?.close();
  handler = undefined;
});

function make(options: Parameters<typeof createChatHandler>[0] = {}): ChatHandler {
  handler = createChatHandler({ model: createMockModel({ delayMs: 0 }), ...options });
  return handler;
}

async function errorOf(response: Response): Promise<{ message: string; code: string; field?: string }> {
  const body = (await response.json()) as { error: { message: string; code: string; field?: string } };
  return body.error;
}

describe('start', () => {
  it('streams the generation as chatwire SSE with consecutive ids, user-message and session first, done last', async () => {
    const chat = make();
    const res = await chat(startRequest(BASE, { message: { id: 'm1', text: 'What did the team say about onboarding?' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const events = await readEvents(res.body);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ type: 'user-message', data: { messageId: 'm1', text: 'What did the team say about onboarding?' } });
    const conversationId = res.headers.get('x-chatwire-conversation-id');
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[1]).toMatchObject({ type: 'session', data: { conversationId, streamId: res.headers.get('x-chatwire-stream-id') } });
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'stop' } });
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    // The research scenario: status, tool calls run on the server, then a cited answer.
    const types = new Set(events.map((e) => e.type));
    for (const t of ['status', 'reasoning-delta', 'tool-call', 'tool-executing', 'tool-result', 'citations', 'text-delta'] as const) {
      expect(types).toContain(t);
    }
    expect(textOf(events)).toMatch(/\[\d{1,2}:\d{2}, [A-Z][a-z]+ [A-Z][a-z]+\]/);
  });

  it('gives every new conversation a different unguessable id, and continues a conversation the user owns', async () => {
    const chat = make();
    const a = await chat(startRequest(BASE, { message: { text: 'quick one' } }));
    const b = await chat(startRequest(BASE, { message: { text: 'quick two' } }));
    await readEvents(a.body);
    await readEvents(b.body);
    const idA = a.headers.get('x-chatwire-conversation-id');
    expect(idA).not.toBe(b.headers.get('x-chatwire-conversation-id'));
    const c = await chat(startRequest(BASE, { conversationId: idA, message: { text: 'quick three' } }));
    const events = await readEvents(c.body);
    expect(events[0]?.id).toBeGreaterThan(1);
    const history = (await (await chat(new Request(`${BASE}/api/chat/${idA}/messages`))).json()) as { messages: ChatMessage[] };
    expect(history.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('passes the last contextMessages history messages to the model, the new prompt included', async () => {
    const mock = createMockModel({ delayMs: 0 });
    const seen: ChatMessage[][] = [];
    const model = { name: 'spy', stream: (r: Parameters<typeof mock.stream>[0]) => (seen.push(r.messages), mock.stream(r)) };
    const chat = make({ model, tools: [], contextMessages: 3 });
    let conversationId: string | undefined;
    for (const text of ['hello one', 'hello two', 'hello three']) {
      const res = await chat(startRequest(BASE, { conversationId, message: { text } }));
      conversationId = res.headers.get('x-chatwire-conversation-id') ?? undefined;
      await readEvents(res.body);
    }
    const last = seen.at(-1) ?? [];
    expect(last.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(last[0]?.parts[0]).toEqual({ type: 'text', text: 'hello two' });
    expect(last[2]?.parts[0]).toEqual({ type: 'text', text: 'hello three' });
  });
});

describe('validation and limits', () => {
  it.each([
    ['{not json', 'body'],
    [[1, 2], 'body'],
    [{}, 'message'],
    [{ message: { id: 'm1' } }, 'message.text'],
    [{ message: { text: 42 } }, 'message.text'],
    [{ message: { text: '   ' } }, 'message.text'],
    [{ message: { text: 'x'.repeat(101) } }, 'message.text'],
    [{ message: { id: 'has space', text: 'hi' } }, 'message.id'],
    [{ conversationId: '../etc/passwd', message: { text: 'hi' } }, 'conversationId'],
    [{ conversationId: 7, message: { text: 'hi' } }, 'conversationId'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const chat = make({ maxMessageChars: 100 });
    const res = await chat(startRequest(BASE, body));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    const error = await errorOf(res);
    expect(error.field).toBe(field);
    expect(error.code).toMatch(/invalid/);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('answers 413 for a body over maxRequestBytes, declared or streamed', async () => {
    const chat = make({ maxRequestBytes: 200 });
    const big = JSON.stringify({ message: { text: 'x'.repeat(500) } });
    const declared = await chat(startRequest(BASE, big));
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close'); // the body was not read
    expect((await errorOf(declared)).code).toBe('request_too_large');
    const bytes = new TextEncoder().encode(big);
    const streamed = new Request(`${BASE}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(bytes.slice(0, 150));
          c.enqueue(bytes.slice(150));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const res = await chat(streamed);
    expect(res.status).toBe(413);
  });

  it('answers 429 with a clear JSON message past maxConcurrentStreamsPerUser, and accepts again once one ends', async () => {
    const chat = make({ model: createMockModel({ delayMs: 5 }), maxConcurrentStreamsPerUser: 2 });
    const a = await chat(startRequest(BASE, { message: { text: 'long story one' } }));
    const b = await chat(startRequest(BASE, { message: { text: 'long story two' } }));
    const c = await chat(startRequest(BASE, { message: { text: 'long story three' } }));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(c.status).toBe(429);
    const error = await errorOf(c);
    expect(error.code).toBe('too_many_streams');
    expect(error.message).toContain('limit 2');
    await chat(cancelRequest(BASE, a.headers.get('x-chatwire-conversation-id')));
    await readEvents(a.body);
    const d = await chat(startRequest(BASE, { message: { text: 'hello again' } }));
    expect(d.status).toBe(200);
    await Promise.all([readEvents(d.body), b.body?.cancel()]);
  });

  it('answers 409 when the conversation is still answering, and accepts the next prompt right after done', async () => {
    const chat = make({ model: createMockModel({ delayMs: 5 }) });
    const a = await chat(startRequest(BASE, { message: { text: 'long story' } }));
    const conversationId = a.headers.get('x-chatwire-conversation-id');
    const busy = await chat(startRequest(BASE, { conversationId, message: { text: 'and then?' } }));
    expect(busy.status).toBe(409);
    expect((await errorOf(busy)).code).toBe('conversation_busy');
    await chat(cancelRequest(BASE, conversationId));
    await readEvents(a.body);
    const next = await chat(startRequest(BASE, { conversationId, message: { text: 'hello' } }));
    expect(next.status).toBe(200);
    expect((await readEvents(next.body)).at(-1)?.type).toBe('done');
  });

  it('at a limit of one stream, accepts a new prompt sent right after done, in the same or a new conversation', async () => {
    // A store whose endStream lags (a slow Redis round trip): done is out before the stream is unregistered.
    const memory = createMemoryStore();
    let release = (): void => undefined;
    const store = {
      ...memory,
      endStream: async (conversationId: string, streamId: string) => {
        await new Promise<void>((r) => (release = r));
        await memory.endStream(conversationId, streamId);
      },
    };
    const chat = make({ maxConcurrentStreamsPerUser: 1, store });
    const first = await chat(startRequest(BASE, { message: { text: 'hello' } }));
    const conversationId = first.headers.get('x-chatwire-conversation-id');
    expect((await readEvents(first.body)).at(-1)?.type).toBe('done');
    expect(await memory.getActiveStream(conversationId ?? '')).not.toBeNull();
    const pending = chat(startRequest(BASE, { conversationId, message: { text: 'hello again' } }));
    await new Promise((r) => setTimeout(r, 0));
    release();
    const same = await pending;
    expect(same.status).toBe(200);
    expect((await readEvents(same.body)).at(-1)?.type).toBe('done');
    const otherPending = chat(startRequest(BASE, { message: { text: 'hello elsewhere' } }));
    await new Promise((r) => setTimeout(r, 0));
    release();
    const other = await otherPending;
    expect(other.status).toBe(200);
    await readEvents(other.body);
    release();
  });

  it('answers 404 and 405 as JSON for unknown routes and wrong methods', async () => {
    const chat = make();
    const notFound = await chat(new Request(`${BASE}/api/chat/abc/nope`));
    expect(notFound.status).toBe(404);
    expect((await errorOf(notFound)).message).toContain('POST /api/chat');
    const wrong = await chat(new Request(`${BASE}/api/chat`));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const unknown = await chat(new Request(`${BASE}/api/chat/0123456789abcdef/messages`));
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('conversation_not_found');
  });

  it('serves a custom basePath', async () => {
    const chat = make({ basePath: '/v1/talk/' });
    const res = await chat(new Request(`${BASE}/v1/talk`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: { text: 'hi' } }) }));
    expect(res.status).toBe(200);
    expect((await readEvents(res.body)).at(-1)?.type).toBe('done');
    expect((await chat(startRequest(BASE, { message: { text: 'hi' } }))).status).toBe(404);
  });
});

describe('authorize', () => {
  it('answers 401 on every route when authorize returns null', async () => {
    const chat = make({ authorize: () => null });
    const requests = [
      startRequest(BASE, { message: { text: 'hi' } }),
      new Request(`${BASE}/api/chat/abcdefgh/stream`),
      cancelRequest(BASE, 'abcdefgh'),
      new Request(`${BASE}/api/chat/abcdefgh/messages`),
    ];
    for (const request of requests) {
      const res = await chat(request);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
  });

  it("answers 404 when another user resumes, cancels, reads or continues someone's conversation, exactly as for one that does not exist", async () => {
    const chat = make({ authorize: (req) => ({ userId: req.headers.get('x-user') ?? 'nobody' }) });
    const res = await chat(startRequest(BASE, { message: { text: 'hello' } }, { 'x-user': 'alice' }));
    const id = res.headers.get('x-chatwire-conversation-id');
    await readEvents(res.body);
    const asBob = { 'x-user': 'bob' };
    const attempts = [
      new Request(`${BASE}/api/chat/${id}/stream`, { headers: { ...asBob, 'Last-Event-ID': '0' } }),
      cancelRequest(BASE, id, {}, asBob),
      new Request(`${BASE}/api/chat/${id}/messages`, { headers: asBob }),
      startRequest(BASE, { conversationId: id, message: { text: 'mine now' } }, asBob),
    ];
    const unknown = (await errorOf(await chat(new Request(`${BASE}/api/chat/no-such-id/messages`, { headers: asBob })))).message;
    for (const request of attempts) {
      const denied = await chat(request);
      expect(denied.status).toBe(404);
      const error = await errorOf(denied);
      expect(error.code).toBe('conversation_not_found');
      expect(error.message.replace(String(id), 'no-such-id')).toBe(unknown); // nothing tells the two apart
    }
    const own = await chat(new Request(`${BASE}/api/chat/${id}/messages`, { headers: { 'x-user': 'alice' } }));
    expect(own.status).toBe(200);
  });
});

describe('resume, history, cancel', () => {
  it('answers 204 when nothing is in flight and nothing is after Last-Event-ID, and replays what is after it otherwise', async () => {
    const chat = make();
    const res = await chat(startRequest(BASE, { message: { text: 'hello' } }));
    const id = res.headers.get('x-chatwire-conversation-id');
    const all = await readEvents(res.body);
    const last = all.at(-1)?.id ?? 0;
    const none = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { 'Last-Event-ID': String(last) } }));
    expect(none.status).toBe(204);
    const rest = await chat(new Request(`${BASE}/api/chat/${id}/stream?lastEventId=3`));
    expect(rest.status).toBe(200);
    expect(await readEvents(rest.body)).toEqual(all.slice(3));
    const bad = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { 'Last-Event-ID': 'abc' } }));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('lastEventId');
  });

  it('history holds completed generations and reports the in-flight one with its startSeq', async () => {
    const chat = make({ model: createMockModel({ delayMs: 2 }) });
    const first = await chat(startRequest(BASE, { message: { id: 'u1', text: 'hello' } }));
    const id = first.headers.get('x-chatwire-conversation-id');
    const firstEvents = await readEvents(first.body);
    const second = await chat(startRequest(BASE, { conversationId: id, message: { id: 'u2', text: 'code please' } }));
    const head = await readEvents(second.body, 3);
    const during = (await (await chat(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as {
      messages: ChatMessage[];
      lastSeq: number;
      activeStream: { streamId: string; messageId: string; startSeq: number } | null;
    };
    expect(during.messages.map((m) => m.id)).toEqual(['u1', firstEvents[1]?.data.messageId]);
    expect(during.messages[1]?.parts.find((p) => p.type === 'text')).toEqual({ type: 'text', text: textOf(firstEvents) });
    expect(during.activeStream).toEqual({
      streamId: second.headers.get('x-chatwire-stream-id'),
      messageId: head[1]?.data.messageId,
      startSeq: head[0]?.id,
    });
    expect(during.lastSeq).toBe((head[0]?.id ?? 0) - 1);
    // Resuming from lastSeq gets the in-flight generation from its first event.
    const resumed = await readEvents((await chat(new Request(`${BASE}/api/chat/${id}/stream?lastEventId=${during.lastSeq}`))).body);
    expect(resumed[0]).toMatchObject({ type: 'user-message', data: { messageId: 'u2' } });
    expect(resumed.at(-1)?.type).toBe('done');
    const after = (await (await chat(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: ChatMessage[]; activeStream: unknown; lastSeq: number };
    expect(after.activeStream).toBeNull();
    expect(after.lastSeq).toBe(resumed.at(-1)?.id);
    expect(after.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(after.messages[3]?.finishReason).toBe('stop');
  });

  it('cancel aborts the model, writes cancelled, and persists the partial answer', async () => {
    const model = createMockModel({ delayMs: 3 });
    const chat = make({ model });
    const res = await chat(startRequest(BASE, { message: { text: 'long story please' } }));
    const id = res.headers.get('x-chatwire-conversation-id');
    const reader = readEvents(res.body);
    // Wait until some text has been written (bounded by the log, no timing).
    const follower = await chat(new Request(`${BASE}/api/chat/${id}/stream?lastEventId=0`));
    await readEvents(follower.body, 12);
    const cancel = await chat(cancelRequest(BASE, id));
    expect(await cancel.json()).toMatchObject({ cancelled: true, streamId: res.headers.get('x-chatwire-stream-id') });
    const events = await reader;
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', data: { reason: 'user' } });
    expect(events.some((e) => e.type === 'done')).toBe(false);
    expect(model.aborts).toBe(1);
    expect(model.abortRecords[0]?.eventsAfterAbort).toBe(0);
    const history = (await (await chat(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: ChatMessage[] };
    const answer = history.messages[1];
    expect(answer?.finishReason).toBe('cancelled');
    expect(answer?.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('')).toBe(textOf(events));
    const again = await chat(cancelRequest(BASE, id));
    expect(await again.json()).toEqual({ cancelled: false });
  });

  it('abandonAfterMs cancels a generation nobody listens to', async () => {
    const model = createMockModel({ delayMs: 5 });
    const chat = make({ model, abandonAfterMs: 20 });
    const res = await chat(startRequest(BASE, { message: { text: 'long story' } }));
    await readEvents(res.body, 3); // then the client goes away (readEvents cancels the body)
    await chat.settled();
    const id = res.headers.get('x-chatwire-conversation-id');
    const rest = await readEvents((await chat(new Request(`${BASE}/api/chat/${id}/stream?lastEventId=0`))).body);
    expect(rest.at(-1)).toMatchObject({ type: 'cancelled', data: { reason: 'abandoned' } });
    expect(model.aborts).toBe(1);
  });

  it('marks the end of a replay with a `: live` comment, before the live events', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const model = {
      name: 'paused',
      async *stream() {
        yield { type: 'text-delta' as const, delta: 'before ' };
        await gate;
        yield { type: 'text-delta' as const, delta: 'after' };
      },
    };
    const chat = make({ model, heartbeatMs: 60_000 });
    const res = await chat(startRequest(BASE, { message: { text: 'hi' } }));
    const id = res.headers.get('x-chatwire-conversation-id');
    const started = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let first = '';
    for (let i = 0; i < 50 && !first.includes('"before "'); i++) first += decoder.decode((await started.read()).value);
    const lastSeq = Math.max(...[...first.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])));
    expect(first).not.toContain(': live');

    const read = async (lastEventId: number, until: (text: string) => boolean) => {
      const resumed = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { 'Last-Event-ID': String(lastEventId) } }));
      const reader = (resumed.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      for (let i = 0; i < 50 && !until(text); i++) text += decoder.decode((await reader.read()).value);
      return { text, reader };
    };
    // Behind: the replay up to the log's last seq, then the marker.
    const behind = await read(1, (text) => text.includes(': live'));
    expect(behind.text.indexOf(': live\n\n')).toBeGreaterThan(behind.text.indexOf(`id: ${lastSeq}\n`));
    expect(behind.text).toContain('"before "');
    // Up to date: the marker comes first.
    const current = await read(lastSeq, (text) => text.includes(': live'));
    expect(current.text.startsWith(': live\n\n')).toBe(true);

    release();
    let rest = behind.text;
    for (let i = 0; i < 50 && !rest.includes('event: done'); i++) {
      const chunk = await behind.reader.read();
      if (chunk.done) break;
      rest += decoder.decode(chunk.value);
    }
    expect(rest.indexOf('"after"')).toBeGreaterThan(rest.indexOf(': live'));
    expect(rest.match(/: live/g)).toHaveLength(1);
    await current.reader.cancel();
    await started.cancel();
  });

  it('sends heartbeat comments while the model is quiet', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const model = {
      name: 'slow',
      async *stream() {
        await gate;
        yield { type: 'text-delta' as const, delta: 'late' };
      },
    };
    const chat = make({ model, heartbeatMs: 5 });
    const res = await chat(startRequest(BASE, { message: { text: 'hi' } }));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let i = 0; i < 50 && (text.match(/: ping\n\n/g) ?? []).length < 2; i++) {
      text += decoder.decode((await reader.read()).value);
    }
    expect((text.match(/: ping\n\n/g) ?? []).length).toBeGreaterThanOrEqual(2);
    release();
    for (let i = 0; i < 50 && !text.includes('event: done'); i++) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    expect(text).toMatch(/data: \{"delta":"late","at":\d+\}/);
    expect(text).toContain('event: done');
  });

  it('after retention dropped the log, resume answers a reset (never a silent gap) and the history still has the answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const chat = make({ store: createMemoryStore({ retainMs: 60_000 }) });
      const res = await chat(startRequest(BASE, { message: { text: 'hello' } }));
      const id = res.headers.get('x-chatwire-conversation-id');
      const events = await readEvents(res.body);
      await chat.settled();
      const early = await chat(new Request(`${BASE}/api/chat/${id}/stream?lastEventId=0`));
      expect(await readEvents(early.body)).toEqual(events);
      vi.advanceTimersByTime(60_000);
      const late = await chat(new Request(`${BASE}/api/chat/${id}/stream?lastEventId=0`));
      expect(late.status).toBe(200);
      expect(await late.text()).toBe(`event: reset\ndata: {"reason":"events_trimmed","afterSeq":0,"lastSeq":${events.at(-1)?.id}}\n\n`);
      const done = await chat(new Request(`${BASE}/api/chat/${id}/stream?lastEventId=${events.at(-1)?.id}`));
      expect(done.status).toBe(204);
      const history = (await (await chat(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: ChatMessage[]; lastSeq: number };
      expect(history.messages).toHaveLength(2);
      expect(history.lastSeq).toBe(events.at(-1)?.id);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the memory store default bounded per handler', async () => {
    const store = createMemoryStore({ maxConversationsPerUser: 2 });
    const chat = make({ store });
    for (const text of ['hi a', 'hi b', 'hi c']) await readEvents((await chat(startRequest(BASE, { message: { text } }))).body);
    expect(store.size()).toBe(2);
  });
});

describe('authorize throwing HttpError', () => {
  it('answers with that error instead of 401', async () => {
    const chat = make({
      authorize: () => {
        throw new HttpError(403, 'banned', 'This account may not chat.');
      },
    });
    const res = await chat(startRequest(BASE, { message: { text: 'hi' } }));
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toEqual({ code: 'banned', message: 'This account may not chat.' });
  });
});
