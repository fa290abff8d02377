import { jsonResponse, testStream } from './fakeChatFetch';
import { sessionSetup } from './harness';
import { chatStoreChunks } from '../../support/chatStoreChunks';

const LAZY_MODULES = [
  ...['lazySession', 'createMetricsTracker', 'requestJson', 'fetchHistory', 'postCancel', 'cancelOnServer', 'resumeStream', 'recoverStream', 'recoverFromReset', 'reloadHistory', 'decideToolCall', 'notResumableError'].map(
    (name) => `src/core/session/${name}.ts`,
  ),
  // The transport's rare paths: the reconnect's wait and backoff, the HTTP and reconnect errors' text.
  ...['sse/transportRare', 'sse/backoffDelay', 'sse/sleep', 'rareErrors', 'serverErrorMessage'].map((name) => `src/core/${name}.ts`),
];

describe('the lazy session chunk', () => {
  it('holds the rare paths, out of the initial bundle, and imports nothing of it (no chunk split off to share)', async () => {
    const { outputs, entry, initial, inputsOf, lazyInputs } = await chatStoreChunks();
    const lazy = Object.values(outputs).find((o) => Object.keys(o.inputs).includes('src/core/session/lazySession.ts'));
    expect(lazy && entry).toBeTruthy();
    const lazyOutput = lazy as NonNullable<typeof lazy>;
    // What the initial bundle loads (the entry and its static imports) the lazy chunk does not import.
    expect(lazyOutput.imports.filter((i) => initial.has(i.path))).toEqual([]);
    expect(lazyInputs).toEqual(expect.arrayContaining(LAZY_MODULES));
    expect(inputsOf([...initial]).filter((input) => LAZY_MODULES.includes(input))).toEqual([]);
  });
});

/** A fresh module graph in which the lazy session chunk fails to load. */
function chunkGone(): void {
  vi.resetModules();
  vi.doMock('../../../src/core/session/lazySession', () => {
    throw new Error('chunk gone');
  });
}

describe('loading it on first use', () => {
  afterEach(() => {
    vi.doUnmock('../../../src/core/session/lazySession');
    vi.resetModules();
  });

  it('the first stop sends its cancel request once the chunk has loaded', async () => {
    vi.resetModules();
    const { createSession } = await import('../../../src/core/session/createSession');
    const { cancelResponse } = await import('../../../src/core/session/cancelResponse');
    const { session, requests } = sessionSetup(() => jsonResponse(200, {}), {}, createSession);
    session.reduce({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1' });
    session.reduce({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' });
    const stopping = cancelResponse(session);
    expect(session.state.phase).toBe('cancelled');
    expect(requests).toEqual([]); // the chunk is loading
    await stopping;
    expect(requests.map((r) => r.url)).toEqual(['/api/chat/c1/cancel']);
  });

  it('a chunk that does not load: session_load_failed for a resume, cancel_failed for a stop, and the next use tries again', async () => {
    chunkGone();
    const { createSession } = await import('../../../src/core/session/createSession');
    const { cancelResponse } = await import('../../../src/core/session/cancelResponse');
    const { resumeSession } = await import('../../../src/core/session/resumeSession');

    const resume = sessionSetup(() => jsonResponse(200, {}), { conversationId: 'c1' }, createSession);
    expect(await resumeSession(resume.session)).toBe(false);
    expect(resume.requests).toEqual([]);
    expect(resume.session.state.connection).toBe('closed');
    expect(resume.session.state.error).toMatchObject({ code: 'session_load_failed', retryable: true });
    expect(resume.session.state.error?.message).toMatch(/^chatwire could not load the code of this request \(.+\)\. Check that the app serves the lazy chunks/);

    const stop = sessionSetup(() => jsonResponse(200, {}), {}, createSession);
    stop.session.reduce({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1' });
    stop.session.reduce({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' });
    await cancelResponse(stop.session);
    expect(stop.session.state.messages.at(-1)?.parts.at(-1)).toMatchObject({ type: 'error', code: 'cancel_failed', retryable: true });

    vi.doUnmock('../../../src/core/session/lazySession');
    const again = sessionSetup(() => jsonResponse(200, {}), {}, createSession);
    again.session.reduce({ type: 'submit', userMessage: { id: 'u2', text: 'Hi' }, assistantMessageId: 'a2' });
    again.session.reduce({ type: 'session', conversationId: 'c2', streamId: 's2', messageId: 'a2' });
    await cancelResponse(again.session);
    expect(again.requests.map((r) => r.url)).toEqual(['/api/chat/c2/cancel']);
  });

  it('a stream starts loading the chunk; a healthy one never waits for it, a drop or a failed response with the chunk gone ends in session_load_failed', async () => {
    chunkGone();
    const { createSession } = await import('../../../src/core/session/createSession');
    const { readStream } = await import('../../../src/core/session/readStream');
    const post = { url: '/api/chat', method: 'POST' as const, body: {}, resumed: false };
    const submitted = (route: Parameters<typeof sessionSetup>[0]) => {
      const setup = sessionSetup(route, {}, createSession);
      setup.session.reduce({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1' });
      return setup;
    };

    const healthy = submitted(() => {
      const stream = testStream();
      stream.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 1);
      stream.send({ type: 'text-delta', delta: 'Hello' }, 2);
      stream.send({ type: 'done', finishReason: 'stop' }, 3);
      stream.close();
      return stream.response;
    });
    await readStream(healthy.session, new AbortController(), post);
    expect(healthy.session.state).toMatchObject({ phase: 'complete', error: null });

    const dropped = submitted(() => {
      const stream = testStream();
      stream.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 1);
      stream.close(); // before a terminal event: a drop to reconnect from
      return stream.response;
    });
    await readStream(dropped.session, new AbortController(), post);
    expect(dropped.requests).toHaveLength(1); // no reconnect without the chunk
    expect(dropped.session.state.error).toMatchObject({ code: 'session_load_failed', retryable: true });

    const refused = submitted(() => jsonResponse(503, { error: 'overloaded' }));
    await readStream(refused.session, new AbortController(), post);
    expect(refused.session.state.error).toMatchObject({ code: 'session_load_failed', retryable: true });

    vi.doUnmock('../../../src/core/session/lazySession');
    const again = submitted(() => jsonResponse(503, { error: 'overloaded' }));
    await readStream(again.session, new AbortController(), post);
    expect(again.session.state.error).toMatchObject({ code: 'http_503', status: 503, message: expect.stringContaining('overloaded') });
  });

  it('a response that ends before the metrics code is in: onMetrics and onFinish wait for it; with the chunk gone, onFinish gets no figures', async () => {
    const respond = async () => {
      const { createSession } = await import('../../../src/core/session/createSession');
      const { applySessionEvent } = await import('../../../src/core/session/applySessionEvent');
      const calls: string[] = [];
      const onMetrics = vi.fn(() => calls.push('onMetrics'));
      const onFinish = vi.fn(() => calls.push('onFinish'));
      const setup = sessionSetup(() => jsonResponse(200, {}), { onMetrics, onFinish }, createSession);
      const { session } = setup;
      session.reduce({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1', at: 1_000 });
      session.tracker.start('a1', 1_000, false);
      expect(session.tracker.running).toBe(true);
      applySessionEvent(session, { type: 'text-delta', delta: 'Hel', at: 1_200 }, false);
      applySessionEvent(session, { type: 'text-delta', delta: 'lo', at: 1_300 }, false);
      applySessionEvent(session, { type: 'done', finishReason: 'stop', at: 1_400 }, false);
      expect(session.state.phase).toBe('complete');
      expect(session.tracker.running).toBe(false);
      expect(calls).toEqual([]); // the figures' code is loading
      setup.published.length = 0;
      const published = setup.published;
      return { session, calls, onMetrics, onFinish, published };
    };

    vi.resetModules();
    const loaded = await respond();
    await vi.waitFor(() => expect(loaded.calls).toEqual(['onMetrics', 'onFinish']));
    const figures = { messageId: 'a1', outcome: 'complete', startedAt: 1_000, firstTokenAt: 1_200, timeToFirstTokenMs: 200, outputTokens: 2 };
    expect(loaded.onMetrics).toHaveBeenCalledWith(expect.objectContaining(figures), { latest: expect.objectContaining(figures), byMessageId: { a1: expect.objectContaining(figures) } });
    expect(loaded.onFinish).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1', finishReason: 'stop' }), { outcome: 'complete', metrics: expect.objectContaining(figures) });
    expect(loaded.published).toHaveLength(1); // the loaded figures were published
    expect(loaded.session.tracker.snapshot().latest).toMatchObject(figures);

    chunkGone();
    const gone = await respond();
    await vi.waitFor(() => expect(gone.calls).toEqual(['onFinish']));
    expect(gone.onFinish).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }), { outcome: 'complete', metrics: null });
    expect(gone.session.tracker.snapshot()).toEqual({ latest: null, byMessageId: {} });
  });
});
