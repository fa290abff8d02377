import { applySessionEvent } from '../../../src/core/session/applySessionEvent';
import { loadLazySession } from '../../../src/core/session/loadLazySession';
import { jsonResponse } from './fakeChatFetch';
import { sessionSetup } from './harness';

function submitted(extra: Parameters<typeof sessionSetup>[1] = {}) {
  const setup = sessionSetup(() => jsonResponse(200, {}), extra);
  setup.session.reduce({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1', at: 1_000 });
  setup.session.tracker.start('a1', 1_000, false);
  return setup;
}

describe('applySessionEvent', () => {
  // The metrics' code is loaded (by the page's first stream); before it is, see lazySession.test.ts.
  beforeAll(() => loadLazySession());

  it('stamps the receive time on an event without one, and tells onEvent and the observers', () => {
    const onEvent = vi.fn();
    const { session } = submitted({ onEvent, now: () => 5_000 });
    const observed: unknown[] = [];
    session.observe((input) => observed.push(input));
    expect(applySessionEvent(session, { type: 'text-delta', delta: 'Hi' }, false)).toBe(false);
    expect(onEvent).toHaveBeenCalledWith({ type: 'text-delta', delta: 'Hi', at: 5_000 });
    expect(observed).toEqual([{ type: 'text-delta', delta: 'Hi', at: 5_000 }]);
    expect(session.appliedEvents).toBe(1);
  });

  it("drops another protocol's per-stream seq, unless told the seq is a conversation position", () => {
    const { session } = submitted();
    session.protocol = 'openai-responses';
    applySessionEvent(session, { type: 'text-delta', delta: 'a', seq: 5 }, false);
    applySessionEvent(session, { type: 'text-delta', delta: 'b', seq: 5 }, false);
    expect(session.state.lastSeq).toBe(0);
    applySessionEvent(session, { type: 'text-delta', delta: 'c', seq: 9 }, false, true);
    applySessionEvent(session, { type: 'text-delta', delta: 'd', seq: 9 }, false, true); // a replay: no change
    expect(session.state.lastSeq).toBe(9);
    expect(session.state.messages.at(-1)?.parts).toEqual([{ type: 'text', text: 'abc' }]);
    expect(session.appliedEvents).toBe(3);
  });

  it('an error reaches onError; a terminal event finishes the response at once with its metrics', () => {
    const onError = vi.fn();
    const onFinish = vi.fn();
    const onMetrics = vi.fn();
    const { session, published } = submitted({ onError, onFinish, onMetrics });
    expect(applySessionEvent(session, { type: 'error', message: 'slow', code: 'warn', fatal: false }, false)).toBe(false);
    expect(onError).toHaveBeenCalledWith({ type: 'error', message: 'slow', code: 'warn' });
    expect(published).toHaveLength(0); // on the next frame
    expect(applySessionEvent(session, { type: 'done', finishReason: 'stop' }, false)).toBe(true);
    expect(published.at(-1)).toMatchObject({ phase: 'complete', connection: 'closed' });
    expect(onMetrics).toHaveBeenCalledTimes(1);
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1', finishReason: 'stop' }), expect.objectContaining({ outcome: 'complete' }));
  });

  it('marks activity while replaying, so the replay lasts another frame', () => {
    const { session } = submitted();
    session.reduce({ type: 'connection', connection: 'replaying' });
    const activity = vi.spyOn(session.replay, 'activity');
    applySessionEvent(session, { type: 'text-delta', delta: 'x' }, true);
    expect(activity).toHaveBeenCalledTimes(1);
  });
});
