import { cancelResponse } from '../../../src/core/session/cancelResponse';
import { loadLazySession } from '../../../src/core/session/loadLazySession';
import { jsonResponse, type RecordedRequest } from './fakeChatFetch';
import { sessionSetup } from './harness';

beforeAll(async () => {
  await loadLazySession();
});

/** A session whose answer `a1` of conversation `c1` (stream `s1`) is being written by a run. */
function streaming(route: (r: RecordedRequest) => Response | Promise<Response>, extra: Parameters<typeof sessionSetup>[1] = {}) {
  const setup = sessionSetup(route, extra);
  const { session } = setup;
  session.reduce({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1' });
  session.reduce({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' });
  session.reduce({ type: 'text-delta', delta: 'Partial' });
  const abort = new AbortController();
  session.run = { abort, done: Promise.resolve() };
  return { ...setup, abort };
}

describe('cancelResponse (the stop flow)', () => {
  it('without an active answer it only closes a run', async () => {
    const { session, requests } = sessionSetup(() => jsonResponse(200, {}));
    await cancelResponse(session);
    expect(session.state.connection).toBe('idle');
    session.run = { abort: new AbortController(), done: Promise.resolve() };
    await cancelResponse(session);
    expect(session.state.connection).toBe('closed');
    expect(session.run).toBeNull();
    expect(requests).toEqual([]);
  });

  it('aborts the read and ends the answer at once, keeping it; then POSTs the cancel route with the stream id', async () => {
    const onFinish = vi.fn();
    const { session, requests, abort, published } = streaming(() => jsonResponse(200, { ok: true }), { onFinish });
    const stopping = cancelResponse(session);
    expect(abort.signal.aborted).toBe(true);
    expect(published.at(-1)).toMatchObject({ phase: 'cancelled', connection: 'closed' });
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1', finishReason: 'cancelled' }), expect.objectContaining({ outcome: 'cancelled' }));
    await stopping;
    expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([['POST', '/api/chat/c1/cancel', { streamId: 's1' }]]);
    expect(session.state.messages.at(-1)?.parts).toEqual([{ type: 'text', text: 'Partial' }]);
  });

  it('retries a failing cancel on the session’s timers, then reports a non-fatal cancel_failed part', async () => {
    vi.useFakeTimers();
    try {
      const onError = vi.fn();
      const { session, requests } = streaming(() => jsonResponse(503, { error: 'busy' }), { onError, cancelAttempts: 2 });
      const stopping = cancelResponse(session);
      await vi.advanceTimersByTimeAsync(600);
      await stopping;
      expect(requests).toHaveLength(2);
      const part = session.state.messages.at(-1)?.parts.at(-1);
      expect(part).toMatchObject({ type: 'error', code: 'cancel_failed', retryable: true });
      expect(session.state.phase).toBe('cancelled');
      expect(onError).toHaveBeenCalledWith(part);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports nothing when a new prompt was sent while the cancel failed', async () => {
    let fail!: () => void;
    const answer = new Promise<Response>((resolve) => {
      fail = () => resolve(jsonResponse(404, { error: 'gone' }));
    });
    const { session } = streaming(() => answer);
    const stopping = cancelResponse(session);
    session.reduce({ type: 'submit', userMessage: { id: 'u2', text: 'Next' }, assistantMessageId: 'a2' });
    fail();
    await stopping;
    expect(session.state.messages.flatMap((m) => m.parts).some((p) => p.type === 'error')).toBe(false);
  });
});
