import { createChatStore } from '../../../src/core/store/createChatStore';
import { loadChatDecoder } from '../../../src/core/session/createSessionDecoder';
import { loadLazySession } from '../../../src/core/session/loadLazySession';
import { jsonResponse, testStream, type RecordedRequest, type TestStream } from './fakeChatFetch';
import { assistantOf, setup, textOf, tick } from './harness';

// Stop's cancel request, the resume's history and the reset recovery are in the lazy session
// chunk; loaded once here, as a page loads it on first use (its loading is tested in lazySession.test.ts).
beforeAll(async () => {
  await loadLazySession();
});
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const isPost = (r: RecordedRequest) => r.method === 'POST' && r.url === '/api/chat';

/** Server side of a prompt: echo, session, then whatever the test sends. */
function open(stream: TestStream, firstSeq = 1, messageId = 'a1') {
  stream.send({ type: 'user-message', messageId: 'id1', text: 'Hi' }, firstSeq);
  stream.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId }, firstSeq + 1);
}

describe('send', () => {
  it('POSTs the prompt and streams the answer into one assistant message', async () => {
    const post = testStream();
    const { store, requests } = setup(() => post.response, { body: { model: 'm1' } });
    const done = store.getState().send('Hi');
    expect(store.getState().phase).toBe('submitted');
    await tick();
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/chat', body: { model: 'm1', message: { id: 'id1', text: 'Hi' } } });
    open(post);
    post.send({ type: 'text-delta', delta: 'Hel' }, 3);
    post.send({ type: 'text-delta', delta: 'lo' }, 4);
    post.send({ type: 'done', finishReason: 'stop' }, 5);
    await done;
    const s = store.getState();
    expect(s.phase).toBe('complete');
    expect(s.connection).toBe('closed');
    expect(s.conversationId).toBe('c1');
    expect(s.messages.map((m) => [m.id, m.role, textOf(m)])).toEqual([
      ['id1', 'user', 'Hi'],
      ['a1', 'assistant', 'Hello'],
    ]);
  });

  it('sends the known conversationId with the next prompt', async () => {
    const streams = [testStream(), testStream()];
    let i = 0;
    const { store, requests } = setup(() => (streams[i++] as TestStream).response);
    const first = store.getState().send('one');
    await tick();
    open(streams[0] as TestStream);
    streams[0]?.send({ type: 'done' }, 3);
    await first;
    const second = store.getState().send('two');
    await tick();
    expect(requests[1]?.body).toMatchObject({ conversationId: 'c1', message: { text: 'two' } });
    streams[1]?.send({ type: 'done' }, 4);
    await second;
  });

  it('coalesces many deltas into one store notification per frame; terminal events publish at once', async () => {
    const post = testStream();
    const { store, seen } = setup(() => post.response);
    void store.getState().send('Hi');
    await tick(50);
    open(post);
    await tick(50);
    const before = seen.length;
    for (let i = 0; i < 200; i++) post.send({ type: 'text-delta', delta: 'x' }, 3 + i);
    await tick(0);
    expect(seen.length).toBe(before); // nothing published before the frame
    await tick(16);
    expect(seen.length).toBe(before + 1);
    expect(textOf(assistantOf(store))).toBe('x'.repeat(200));
    post.send({ type: 'done' }, 300);
    await tick(0); // no frame passes
    expect(store.getState().phase).toBe('complete');
  });
});

describe('reconnect', () => {
  it('a drop mid-stream resumes with Last-Event-ID: no loss, no duplicates', async () => {
    const post = testStream();
    const resume = testStream();
    const { store, requests, seen } = setup((r) => (isPost(r) ? post.response : resume.response));
    const done = store.getState().send('Hi');
    await tick();
    open(post);
    post.send({ type: 'text-delta', delta: 'Hel' }, 3);
    post.send({ type: 'text-delta', delta: 'lo ' }, 4);
    await tick(20);
    post.close();
    await tick(0);
    expect(store.getState().connection).toBe('reconnecting');
    expect(store.getState().phase).toBe('generating');
    await tick(100);
    const get = requests[1];
    expect(get).toMatchObject({ method: 'GET', url: '/api/chat/c1/stream' });
    expect(get?.headers.get('last-event-id')).toBe('4');
    resume.send({ type: 'text-delta', delta: 'lo ' }, 4); // overlap: already applied
    resume.send({ type: 'text-delta', delta: 'world' }, 5);
    resume.send({ type: 'done' }, 6);
    await done;
    expect(textOf(assistantOf(store))).toBe('Hello world');
    expect(assistantOf(store)?.parts).toHaveLength(1);
    expect(store.getState().phase).toBe('complete');
    expect(store.getState().metrics.latest?.reconnects).toBe(1);
    const connections = seen.map((s) => s.connection).filter((c, i, a) => c !== a[i - 1]);
    expect(connections).toEqual(['connecting', 'open', 'reconnecting', 'replaying', 'closed']);
  });

  it("after a reconnect, the server's `: live` marker ends `replaying` although live events keep coming every frame", async () => {
    const post = testStream();
    const resume = testStream();
    const { store } = setup((r) => (isPost(r) ? post.response : resume.response));
    const done = store.getState().send('Hi');
    await tick();
    open(post);
    post.send({ type: 'text-delta', delta: 'a' }, 3);
    await tick(20);
    post.close();
    await tick(100);
    resume.send({ type: 'text-delta', delta: 'b' }, 4); // replayed
    await tick(16);
    expect(store.getState().connection).toBe('replaying');
    // Without the marker, a frame with events keeps `replaying` (the old rule).
    resume.send({ type: 'text-delta', delta: 'c' }, 5);
    await tick(16);
    resume.send({ type: 'text-delta', delta: 'd' }, 6);
    await tick(16);
    expect(store.getState().connection).toBe('replaying');
    resume.raw(': live\n\n');
    let seq = 7;
    for (let frame = 0; frame < 3; frame++) {
      resume.send({ type: 'text-delta', delta: '.' }, seq++);
      await tick(16);
    }
    expect(store.getState().connection).toBe('open');
    resume.send({ type: 'done' }, seq);
    await done;
    expect(textOf(assistantOf(store))).toBe('abcd...');
  });

  it('exhausted reconnects end in error with the partial answer kept', async () => {
    const post = testStream();
    const { store } = setup(
      (r) => (isPost(r) ? post.response : Promise.reject(new TypeError('offline'))),
      { transport: { maxRetries: 2, backoff: { initialMs: 100, jitter: 'none' }, idleTimeoutMs: 0 } },
    );
    const done = store.getState().send('Hi');
    await tick();
    open(post);
    post.send({ type: 'text-delta', delta: 'partial' }, 3);
    await tick(20);
    post.close();
    await tick(1000);
    await done;
    const s = store.getState();
    expect(s.phase).toBe('error');
    expect(s.error?.code).toBe('reconnect_exhausted');
    expect(s.error?.message).toMatch(/Gave up reconnecting after 2 attempts/);
    expect(textOf(assistantOf(store))).toBe('partial');
  });
});

describe('stop', () => {
  async function streaming(extraEvents: (post: TestStream) => void, cancelStatus = 200) {
    const post = testStream();
    const ctx = setup((r) => {
      if (isPost(r)) return post.response;
      if (r.url === '/api/chat/c1/cancel') return jsonResponse(cancelStatus, cancelStatus === 200 ? { cancelled: true } : { error: { message: 'cancel broke', code: 'internal' } });
      return testStream().response;
    });
    const done = ctx.store.getState().send('Hi');
    await tick();
    open(post);
    extraEvents(post);
    await tick(20);
    return { ...ctx, post, done };
  }
  const cancels = (requests: RecordedRequest[]) => requests.filter((r) => r.url === '/api/chat/c1/cancel');

  it('during generating: aborts at once, POSTs cancel with the stream id, keeps the partial answer', async () => {
    const { store, requests, post, done } = await streaming((p) => p.send({ type: 'text-delta', delta: 'Part' }, 3));
    expect(store.getState().phase).toBe('generating');
    const stopped = store.getState().stop();
    expect(store.getState().phase).toBe('cancelled');
    expect(requests[0]?.signal?.aborted).toBe(true);
    await stopped;
    await done;
    expect(cancels(requests)).toHaveLength(1);
    expect(cancels(requests)[0]?.body).toEqual({ streamId: 's1' });
    expect(textOf(assistantOf(store))).toBe('Part');
    post.send({ type: 'text-delta', delta: 'late' }, 4);
    await tick(60_000);
    expect(textOf(assistantOf(store))).toBe('Part');
    expect(requests).toHaveLength(2);
    expect(store.getState().error).toBeNull();
    expect(store.getState().metrics.latest?.outcome).toBe('cancelled');
  });

  it('during executing: cancel is POSTed and the tool card keeps its state', async () => {
    const { store, requests } = await streaming((p) => {
      p.send({ type: 'tool-call', toolCallId: 't1', name: 'search', args: {} }, 3);
      p.send({ type: 'tool-executing', toolCallId: 't1' }, 4);
    });
    expect(store.getState().phase).toBe('executing');
    await store.getState().stop();
    expect(store.getState().phase).toBe('cancelled');
    expect(cancels(requests)).toHaveLength(1);
    expect(assistantOf(store)?.parts[0]).toMatchObject({ type: 'tool-call', state: 'executing' });
  });

  it('during reconnect backoff: cancels the pending retry and still POSTs cancel', async () => {
    const { store, requests, post } = await streaming((p) => p.send({ type: 'text-delta', delta: 'Part' }, 3));
    post.close();
    await tick(0);
    expect(store.getState().connection).toBe('reconnecting');
    await store.getState().stop();
    await tick(60_000);
    expect(requests.filter((r) => r.url === '/api/chat/c1/stream')).toHaveLength(0);
    expect(cancels(requests)).toHaveLength(1);
    expect(store.getState()).toMatchObject({ phase: 'cancelled', connection: 'closed' });
  });

  it('a failing cancel is retried, then reported as an error part without losing the partial text', async () => {
    const errors: string[] = [];
    const { store, requests } = await streaming((p) => p.send({ type: 'text-delta', delta: 'Part' }, 3), 503);
    store.getState().controller.setOptions({ onError: (e) => errors.push(e.code ?? '') });
    const stopped = store.getState().stop();
    await tick(5_000);
    await stopped;
    expect(cancels(requests)).toHaveLength(3);
    const parts = assistantOf(store)?.parts ?? [];
    expect(parts[0]).toEqual({ type: 'text', text: 'Part' });
    expect(parts[1]).toMatchObject({ type: 'error', code: 'cancel_failed' });
    expect(parts[1]?.type === 'error' && parts[1].message).toMatch(/could not be told to stop.*cancel broke/);
    expect(store.getState().phase).toBe('cancelled');
    expect(errors).toEqual(['cancel_failed']);
  });

  it('a cancel answered 404 is not retried and is reported', async () => {
    const { store, requests } = await streaming((p) => p.send({ type: 'text-delta', delta: 'Part' }, 3), 404);
    const stopped = store.getState().stop();
    await tick(5_000);
    await stopped;
    expect(cancels(requests)).toHaveLength(1);
    expect(assistantOf(store)?.parts[1]).toMatchObject({ type: 'error', code: 'cancel_failed' });
    expect(textOf(assistantOf(store))).toBe('Part');
  });

  it('a cancelled event from the server (another device) ends in cancelled', async () => {
    const { store, done, post } = await streaming((p) => p.send({ type: 'text-delta', delta: 'Part' }, 3));
    post.send({ type: 'cancelled', reason: 'user' }, 4);
    await done;
    expect(store.getState().phase).toBe('cancelled');
    expect(textOf(assistantOf(store))).toBe('Part');
  });
});

describe('errors and retry', () => {
  it('an error event mid-stream keeps the partial text', async () => {
    const post = testStream();
    const { store } = setup(() => post.response);
    const done = store.getState().send('Hi');
    await tick();
    open(post);
    post.send({ type: 'text-delta', delta: 'So far' }, 3);
    post.send({ type: 'error', message: 'Overloaded', code: 'overloaded_error', retryable: true }, 4);
    await done;
    const s = store.getState();
    expect(s.phase).toBe('error');
    expect(s.error).toMatchObject({ message: 'Overloaded', code: 'overloaded_error', retryable: true });
    expect(assistantOf(store)?.parts).toEqual([
      { type: 'text', text: 'So far' },
      { type: 'error', message: 'Overloaded', code: 'overloaded_error', retryable: true },
    ]);
  });

  it('a server that cannot be reached (offline, or another origin refused by CORS) says so, naming the URL and the cause', async () => {
    const { store } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    const done = store.getState().send('Hi');
    await tick(5_000);
    await done;
    const s = store.getState();
    expect(s.phase).toBe('error');
    expect(s.error).toMatchObject({ code: 'not_resumable', retryable: false });
    expect(s.error?.message).toMatch(/^Could not reach the server: .*\/api\/chat.*Failed to fetch.*another origin.*CORS/);
  });

  it('a stream that drops before the server named the conversation says why it cannot be resumed', async () => {
    const post = testStream();
    const { store } = setup(() => post.response);
    const done = store.getState().send('Hi');
    await tick();
    post.close();
    await tick(5_000);
    await done;
    const s = store.getState();
    expect(s.phase).toBe('error');
    expect(s.error).toMatchObject({ code: 'not_resumable', retryable: false });
    expect(s.error?.message).toMatch(/^The stream dropped \(.+\) before the server named the conversation/);
  });

  it('HTTP 500 with a JSON error ends in error with the status and the server message', async () => {
    const { store } = setup(() => jsonResponse(500, { error: { message: 'Model overloaded', code: 'internal' } }));
    await store.getState().send('Hi');
    const s = store.getState();
    expect(s.phase).toBe('error');
    expect(s.error).toMatchObject({ status: 500, code: 'http_500', retryable: true });
    expect(s.error?.message).toMatch(/HTTP 500.*Model overloaded/);
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('retry re-sends the last prompt as a new generation; the failed answer stays', async () => {
    const streams = [testStream(), testStream()];
    let i = 0;
    const { store, requests } = setup(() => (streams[i++] as TestStream).response);
    const first = store.getState().send('Hi');
    await tick();
    open(streams[0] as TestStream);
    streams[0]?.send({ type: 'error', message: 'boom' }, 3);
    await first;
    const again = store.getState().retry();
    await tick();
    expect(requests[1]?.body).toMatchObject({ conversationId: 'c1', message: { id: 'id3', text: 'Hi' } });
    streams[1]?.send({ type: 'user-message', messageId: 'id3', text: 'Hi' }, 4);
    streams[1]?.send({ type: 'session', messageId: 'a2', streamId: 's2' }, 5);
    streams[1]?.send({ type: 'text-delta', delta: 'ok' }, 6);
    streams[1]?.send({ type: 'done' }, 7);
    await again;
    expect(store.getState().messages.map((m) => [m.id, textOf(m)])).toEqual([
      ['id1', 'Hi'],
      ['a1', ''],
      ['id3', 'Hi'],
      ['a2', 'ok'],
    ]);
    expect(store.getState().messages[1]?.parts).toEqual([{ type: 'error', message: 'boom' }]);
    expect(store.getState()).toMatchObject({ phase: 'complete', error: null });
  });
});

describe('custom protocols', () => {
  // The decoder chunk is loaded once here, so fake timers drive these streams alone
  // (loading on demand, with real timers, is tested in lazyAdapters.test.ts).
  beforeAll(async () => {
    await loadChatDecoder();
  });

  function openAIChunk(content: string | null, finish: string | null = null): string {
    return `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;
  }

  it('stop only aborts locally (no cancel route) and a drop is an error', async () => {
    const a = testStream();
    const b = testStream();
    const streams = [a, b];
    let i = 0;
    const { store, requests } = setup(() => (streams[i++] as TestStream).response, { protocol: 'openai-chat' });
    const first = store.getState().send('Hi');
    await tick();
    a.raw(openAIChunk('Hel'));
    a.raw(openAIChunk('lo'));
    await tick(20);
    await store.getState().stop();
    await first;
    expect(store.getState().phase).toBe('cancelled');
    expect(textOf(assistantOf(store))).toBe('Hello');
    expect(requests).toHaveLength(1);

    const second = store.getState().send('Again');
    await tick();
    b.raw(openAIChunk('par'));
    await tick(20);
    b.close();
    await tick(1000);
    await second;
    expect(store.getState().phase).toBe('error');
    expect(textOf(assistantOf(store))).toBe('par');
    expect(requests).toHaveLength(2);
  });

  it('auto-detects an OpenAI stream and does not treat its per-stream positions as replays', async () => {
    const streams = [testStream(), testStream()];
    let i = 0;
    const { store } = setup(() => (streams[i++] as TestStream).response);
    for (const [n, text] of [
      [0, 'one'],
      [1, 'two'],
    ] as const) {
      const sent = store.getState().send(text);
      await tick();
      streams[n]?.raw(openAIChunk(text));
      streams[n]?.raw(openAIChunk(null, 'stop'));
      streams[n]?.raw('data: [DONE]\n\n');
      await sent;
      expect(store.getState().phase).toBe('complete');
    }
    expect(store.getState().messages.filter((m) => m.role === 'assistant').map(textOf)).toEqual(['one', 'two']);
  });
});

describe('metrics', () => {
  it('time to first token, tokens per second, duration, tool latency, outcome', async () => {
    const post = testStream();
    const finals: unknown[] = [];
    const { store } = setup(() => post.response, { onMetrics: (m) => finals.push(m) });
    const t0 = Date.now();
    const done = store.getState().send('Hi');
    await tick();
    open(post);
    await tick(200);
    post.send({ type: 'text-delta', delta: 'Let me check. ' }, 3);
    await tick(100);
    post.send({ type: 'tool-call', toolCallId: 't1', name: 'search', args: {} }, 4);
    post.send({ type: 'tool-executing', toolCallId: 't1' }, 5);
    await tick(400);
    post.send({ type: 'tool-result', toolCallId: 't1', result: 'ok' }, 6);
    await tick(300);
    post.send({ type: 'text-delta', delta: 'Done' }, 7);
    post.send({ type: 'done', usage: { outputTokens: 40 } }, 8);
    await done;
    const m = store.getState().metrics.latest;
    expect(m).toMatchObject({
      messageId: 'a1',
      outcome: 'complete',
      startedAt: t0,
      timeToFirstTokenMs: 200,
      durationMs: 1000,
      outputTokens: 40,
      tokenSource: 'usage',
      tokensPerSecond: 50, // 40 tokens over the 800 ms after the first token
      reconnects: 0,
      resumed: false,
      tools: [{ toolCallId: 't1', name: 'search', latencyMs: 400, isError: false }],
    });
    expect(store.getState().metrics.byMessageId.a1).toBe(m);
    expect(finals).toEqual([m]);
  });

  it('without usage, tokens are counted from text deltas; an error is the outcome', async () => {
    const post = testStream();
    const { store } = setup(() => post.response);
    const done = store.getState().send('Hi');
    await tick();
    open(post);
    await tick(100);
    for (let i = 0; i < 10; i++) post.send({ type: 'text-delta', delta: 'w ' }, 3 + i);
    await tick(500);
    post.send({ type: 'error', message: 'x' }, 20);
    await done;
    expect(store.getState().metrics.latest).toMatchObject({
      outcome: 'error',
      outputTokens: 10,
      tokenSource: 'deltas',
      timeToFirstTokenMs: 100,
      tokensPerSecond: 20,
    });
  });
});

describe('persistence and resume after reload', () => {
  const history = {
    conversationId: 'c1',
    messages: [
      { id: 'u0', role: 'user', parts: [{ type: 'text', text: 'Earlier' }] },
      { id: 'a0', role: 'assistant', parts: [{ type: 'text', text: 'Earlier answer' }] },
    ],
    lastSeq: 10,
    activeStream: { streamId: 's1', messageId: 'a1', startSeq: 11 },
  };

  it('persists the in-flight stream, then a new store with the same storage resumes via history + resume route', async () => {
    const post = testStream();
    const first = setup(() => post.response, { conversationId: 'c1' });
    void first.store.getState().send('Hi');
    await tick();
    open(post, 11);
    post.send({ type: 'text-delta', delta: 'Par' }, 13);
    post.send({ type: 'text-delta', delta: 't' }, 14);
    await tick(20);
    expect(JSON.parse(first.storage.getItem('chatwire:stream:/api/chat') ?? 'null')).toEqual({
      conversationId: 'c1',
      streamId: 's1',
      lastEventId: '14',
    });
    first.store.getState().controller.dispose(); // the page goes away
    await tick(0);
    expect(first.requests.filter((r) => r.url.endsWith('/cancel'))).toHaveLength(0);

    const resume = testStream();
    const { createFakeFetch } = await import('./fakeChatFetch');
    const second = createFakeFetch((r) => (r.url === '/api/chat/c1/messages' ? jsonResponse(200, history) : resume.response));
    const store = createChatStore({ ...first.options, fetch: second.fetch });
    const seen: string[] = [];
    let notifications = 0;
    store.subscribe((s) => {
      notifications++;
      seen.push(s.connection);
    });
    expect(store.getState().controller.hasPersistedStream()).toBe(true);
    const resumed = store.getState().resume();
    await tick();
    expect(second.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/api/chat/c1/messages'],
      ['GET', '/api/chat/c1/stream'],
    ]);
    expect(second.requests[1]?.headers.get('last-event-id')).toBe('10');
    expect(store.getState().connection).toBe('replaying');
    // the in-flight generation from its first event, applied as one batch
    const before = notifications;
    open(resume, 11);
    const long = Array.from({ length: 1000 }, (_, i) => ({ type: 'text-delta' as const, delta: i === 0 ? 'Par' : i === 1 ? 't' : '.' }));
    long.forEach((e, i) => resume.send(e, 13 + i));
    await tick(16);
    expect(notifications - before).toBe(1);
    expect(textOf(store.getState().messages.find((m) => m.id === 'a1'))).toBe(`Part${'.'.repeat(998)}`);
    await tick(16);
    expect(store.getState().connection).toBe('open');
    resume.send({ type: 'text-delta', delta: '!' }, 2000);
    resume.send({ type: 'done' }, 2001);
    await expect(resumed).resolves.toBe(true);
    expect(store.getState().messages.map((m) => m.id)).toEqual(['u0', 'a0', 'id1', 'a1']);
    expect(store.getState().messages.filter((m) => m.id === 'id1')).toHaveLength(1);
    expect(store.getState().phase).toBe('complete');
    expect(store.getState().metrics.latest).toMatchObject({ messageId: 'a1', resumed: true, outcome: 'complete' });
    expect(first.storage.getItem('chatwire:stream:/api/chat')).toBeNull();
    expect(seen).toContain('replaying');
  });

  it('204 on resume: nothing in flight, persistence cleared', async () => {
    const { store, storage, requests } = setup((r) =>
      r.url.endsWith('/messages') ? jsonResponse(200, { ...history, activeStream: null }) : new Response(null, { status: 204 }),
    );
    storage.setItem('chatwire:stream:/api/chat', JSON.stringify({ conversationId: 'c1', streamId: 's1', lastEventId: '14' }));
    await expect(store.getState().resume()).resolves.toBe(false);
    expect(requests).toHaveLength(2);
    expect(storage.getItem('chatwire:stream:/api/chat')).toBeNull();
    expect(store.getState()).toMatchObject({ phase: 'idle', connection: 'closed', conversationId: 'c1' });
    expect(store.getState().messages.map((m) => m.id)).toEqual(['u0', 'a0']);
  });

  it('without a history route (404) it resumes after the persisted lastEventId', async () => {
    const resume = testStream();
    const { store, storage, requests } = setup((r) => (r.url.endsWith('/messages') ? jsonResponse(404, { error: { message: 'no' } }) : resume.response));
    storage.setItem('chatwire:stream:/api/chat', JSON.stringify({ conversationId: 'c1', streamId: 's1', lastEventId: '14' }));
    const resumed = store.getState().resume();
    await tick();
    expect(requests[1]?.headers.get('last-event-id')).toBe('14');
    resume.send({ type: 'text-delta', delta: 'rest' }, 15);
    resume.send({ type: 'done' }, 16);
    await expect(resumed).resolves.toBe(true);
    expect(textOf(assistantOf(store))).toBe('rest');
  });

  it('a stream persisted for another conversation than the configured one is left alone', async () => {
    const { store, storage, requests } = setup(() => jsonResponse(500, {}), { conversationId: 'other' });
    storage.setItem('chatwire:stream:/api/chat', JSON.stringify({ conversationId: 'c1', streamId: 's1', lastEventId: '14' }));
    expect(store.getState().controller.hasPersistedStream()).toBe(false);
    await tick();
    expect(requests).toHaveLength(0);
  });

  it('nothing persisted: resume does nothing', async () => {
    const { store, requests } = setup(() => jsonResponse(500, {}));
    await expect(store.getState().resume()).resolves.toBe(false);
    expect(requests).toHaveLength(0);
  });
});

describe('apply (events from elsewhere, e.g. another tab)', () => {
  it('dedupes by seq, coalesces to frames and ends the response on a terminal event', async () => {
    const { store, seen } = setup(() => jsonResponse(500, {}));
    const finished: string[] = [];
    store.getState().controller.setOptions({ onFinish: (_m, info) => finished.push(info.outcome) });
    const c = store.getState().controller;
    c.apply([
      { type: 'user-message', messageId: 'u1', text: 'from the other tab', seq: 1 },
      { type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1', seq: 2 },
      { type: 'text-delta', delta: 'Hi', seq: 3 },
    ]);
    c.apply([{ type: 'text-delta', delta: 'Hi', seq: 3 }]);
    expect(seen).toHaveLength(0);
    await tick(16);
    expect(seen).toHaveLength(1);
    expect(textOf(assistantOf(store))).toBe('Hi');
    c.apply([{ type: 'done', seq: 4 }]);
    expect(store.getState().phase).toBe('complete');
    expect(finished).toEqual(['complete']);
    expect(store.getState().messages.map((m) => m.id)).toEqual(['u1', 'a1']);
  });
});
