import { loadLazySession } from '../../../src/core/session/loadLazySession';
import { resumeSession } from '../../../src/core/session/resumeSession';
import { jsonResponse, testStream, type RecordedRequest } from './fakeChatFetch';
import { sessionSetup } from './harness';

beforeAll(async () => {
  await loadLazySession();
});

const history = (lastSeq: number) =>
  jsonResponse(200, { conversationId: 'c1', messages: [{ id: 'u0', role: 'user', parts: [{ type: 'text', text: 'Earlier' }] }], lastSeq, activeStream: null });

describe('resumeSession (the resume flow)', () => {
  it('does nothing without a conversation, or while a run is under way', async () => {
    const { session, requests } = sessionSetup(() => jsonResponse(200, {}));
    expect(await resumeSession(session)).toBe(false);
    session.reduce({ type: 'session', conversationId: 'c1' });
    session.run = { abort: new AbortController(), done: Promise.resolve() };
    expect(await resumeSession(session)).toBe(false);
    expect(requests).toEqual([]);
  });

  it('shows connecting at once, hydrates from the history, then resumes after its lastSeq', async () => {
    const stream = testStream();
    const { session, requests } = sessionSetup((r: RecordedRequest) => (r.url.endsWith('/messages') ? history(4) : stream.response), { conversationId: 'c1' });
    const resuming = resumeSession(session);
    expect(session.state.connection).toBe('connecting');
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]?.headers.get('last-event-id')).toBe('4');
    stream.send({ type: 'user-message', messageId: 'u1', text: 'Now' }, 5);
    stream.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 6);
    stream.send({ type: 'done' }, 7);
    expect(await resuming).toBe(true);
    expect(session.state.messages.map((m) => m.id)).toEqual(['u0', 'u1', 'a1']);
    expect(session.run).toBeNull();
  });

  it('with history: false resumes straight after the state’s lastSeq; with follow it asks the route to stay open', async () => {
    const { session, requests } = sessionSetup(() => new Response(null, { status: 204 }), { conversationId: 'c1' });
    session.reduce({ type: 'hydrate', conversationId: 'c1', messages: [], lastSeq: 9 });
    expect(await resumeSession(session, { history: false, follow: true })).toBe(false);
    expect(requests.map((r) => r.url)).toEqual(['/api/chat/c1/stream?follow=1']);
    expect(requests[0]?.headers.get('last-event-id')).toBe('9');
  });

  it('a failed history request clears the persisted stream and ends in its error', async () => {
    const { session, requests, storage } = sessionSetup(() => jsonResponse(200, { not: 'a history' }));
    storage.setItem('chatwire:stream:/api/chat', JSON.stringify({ conversationId: 'c1', streamId: 's1', lastEventId: '3' }));
    expect(await resumeSession(session)).toBe(false);
    expect(requests.map((r) => r.url)).toEqual(['/api/chat/c1/messages']);
    expect(storage.map.size).toBe(0);
    expect(session.state.connection).toBe('closed');
    expect(session.state.error).toMatchObject({ code: 'bad_history', retryable: false });
  });
});
