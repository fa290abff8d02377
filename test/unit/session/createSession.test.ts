import { sessionSetup } from './harness';
import { jsonResponse } from './fakeChatFetch';

describe('createSession', () => {
  it('derives the resume, cancel and history routes for chatwire streams only; given routes always apply', () => {
    const { session } = sessionSetup(() => jsonResponse(200, {}), { endpoint: '/api/chat/', cancelEndpoint: (id) => `/stop/${id}` });
    expect(session.route('resume')?.('c 1')).toBe('/api/chat/c%201/stream');
    session.protocol = 'openai-chat';
    expect(session.route('resume')).toBeNull();
    expect(session.route('history')).toBeNull();
    expect(session.route('cancel')?.('c1')).toBe('/stop/c1');
    session.protocol = 'chatwire';
    expect(session.route('history')?.('c1')).toBe('/api/chat/c1/messages');
  });

  it('tells the observers of inputs that changed the state, and only those', () => {
    const { session } = sessionSetup(() => jsonResponse(200, {}));
    const seen: string[] = [];
    const stop = session.observe((input) => seen.push(input.type));
    session.reduce({ type: 'connection', connection: 'open' });
    session.reduce({ type: 'connection', connection: 'open' }); // no change
    stop();
    session.reduce({ type: 'connection', connection: 'closed' });
    expect(seen).toEqual(['connection']);
    expect(session.state.connection).toBe('closed');
  });

  it('publishes once per frame, or at once; while its run is active it persists the stream position', () => {
    const { session, published, frame, storage } = sessionSetup(() => jsonResponse(200, {}));
    session.dispatch({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1' });
    session.dispatch({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' });
    expect(published).toHaveLength(0);
    frame();
    expect(published).toHaveLength(1);
    expect(storage.map.size).toBe(0); // no run: nothing of this controller's own is in flight
    session.run = { abort: new AbortController(), done: Promise.resolve() };
    session.lastEventId = '7';
    session.commit(true);
    expect(published).toHaveLength(2);
    expect(JSON.parse(storage.getItem('chatwire:stream:/api/chat') ?? 'null')).toEqual({ conversationId: 'c1', streamId: 's1', lastEventId: '7' });
  });

  it('its own replay stays `replaying` while each frame brings events, and goes `open` at the first frame without', () => {
    const { session, frame } = sessionSetup(() => jsonResponse(200, {}));
    session.run = { abort: new AbortController(), done: Promise.resolve() };
    session.replay.opened();
    session.dispatch({ type: 'connection', connection: 'replaying' }, true);
    expect(session.state.connection).toBe('replaying');
    session.replay.activity(); // events applied during the first frame
    frame();
    expect(session.state.connection).toBe('replaying');
    frame();
    expect(session.state.connection).toBe('open');
  });
});
