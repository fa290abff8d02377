import { loadLazySession } from '../../../src/core/session/loadLazySession';
import { readStream } from '../../../src/core/session/readStream';
import { jsonResponse, testStream, type RecordedRequest } from './fakeChatFetch';
import { sessionSetup } from './harness';

const post = { url: '/api/chat', method: 'POST' as const, body: { message: { id: 'u1', text: 'Hi' } }, resumed: false };

function submitted(route: (r: RecordedRequest) => Response | Promise<Response>) {
  const setup = sessionSetup(route);
  setup.session.reduce({ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1' });
  return setup;
}

describe('readStream', () => {
  it('applies the stream’s events, keeps its position and ends the response on the terminal event', async () => {
    const stream = testStream();
    const { session, requests } = submitted(() => stream.response);
    const read = readStream(session, new AbortController(), post);
    stream.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 2);
    stream.send({ type: 'text-delta', delta: 'Hello' }, 3);
    stream.send({ type: 'done', finishReason: 'stop' }, 4);
    await read;
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/chat']);
    expect(session.state).toMatchObject({ phase: 'complete', connection: 'closed', conversationId: 'c1', lastSeq: 4 });
    expect(session.lastEventId).toBe('4');
    expect(session.protocol).toBe('chatwire');
  });

  it('a stream that ends while the answer is still being written is a retryable stream_ended error', async () => {
    const { session } = submitted(() => new Response(null, { status: 204 }));
    await readStream(session, new AbortController(), post);
    expect(session.state.phase).toBe('error');
    expect(session.state.error).toMatchObject({ code: 'stream_ended', retryable: true });
    expect(session.state.error?.message).toMatch(/^The stream from \/api\/chat ended before the response finished/);
  });

  it('a stream with nothing in flight (a 204) closes the connection and clears the persisted stream', async () => {
    const { session, storage } = sessionSetup(() => new Response(null, { status: 204 }));
    storage.setItem('chatwire:stream:/api/chat', '{"conversationId":"c1"}');
    await readStream(session, new AbortController(), { url: '/api/chat/c1/stream', method: 'GET', resumed: true });
    expect(session.state.connection).toBe('closed');
    expect(storage.map.size).toBe(0);
  });

  it('an HTTP error ends the response with its status; an aborted read applies nothing', async () => {
    const failing = submitted(() => jsonResponse(500, { error: { message: 'Model overloaded' } }));
    await readStream(failing.session, new AbortController(), post);
    expect(failing.session.state.error).toMatchObject({ code: 'http_500', status: 500 });

    const stream = testStream();
    const aborted = submitted(() => stream.response);
    const abort = new AbortController();
    const read = readStream(aborted.session, abort, post);
    abort.abort();
    stream.send({ type: 'text-delta', delta: 'late' }, 3);
    await read;
    expect(aborted.session.appliedEvents).toBe(0);
    expect(aborted.session.state.phase).toBe('submitted');
  });

  it('a server `reset` reloads the history, resumes after its lastSeq, and reloads once more when the answer was shown from part-way', async () => {
    await loadLazySession();
    const first = testStream();
    const resumed = testStream();
    const user = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] };
    const histories = [
      { conversationId: 'c1', messages: [user], lastSeq: 10, activeStream: { streamId: 's1', messageId: 'a1', startSeq: 2 } },
      { conversationId: 'c1', messages: [user, { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'whole rest' }] }], lastSeq: 12, activeStream: null },
    ];
    const { session, requests } = submitted((r) => {
      if (r.url.endsWith('/messages')) return jsonResponse(200, histories.shift());
      return r.method === 'POST' ? first.response : resumed.response;
    });
    const read = readStream(session, new AbortController(), post);
    first.send({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' }, 2);
    first.raw('event: reset\ndata: {}\n\n');
    await vi.waitFor(() => expect(requests).toHaveLength(3));
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/chat', 'GET /api/chat/c1/messages', 'GET /api/chat/c1/stream']);
    expect(requests[2]?.headers.get('last-event-id')).toBe('10');
    resumed.send({ type: 'text-delta', delta: 'rest' }, 11);
    resumed.send({ type: 'done', finishReason: 'stop' }, 12);
    await read;
    expect(requests.map((r) => r.url).at(-1)).toBe('/api/chat/c1/messages');
    expect(session.state.lastSeq).toBe(12);
    expect(session.state.messages.at(-1)?.parts).toEqual([{ type: 'text', text: 'whole rest' }]);
  });
});
