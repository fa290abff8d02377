import { openSSE } from '../../../src/core/sse/openSSE';
import { LINE_FRAMING } from '../../../src/core/sse/LineFraming';

const encoder = new TextEncoder();
const lineResponse = (text: string) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode(text));
        c.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/plain' } },
  );

describe('openSSE (connectSSE with the line framing given by the caller)', () => {
  it('reads line framing with the framing the caller loads, once per line response', async () => {
    let loads = 0;
    const stream = openSSE(
      { url: 'http://127.0.0.1/x', framing: 'lines', fetch: async () => lineResponse('0:"a"\n0:"b"\nd:{}\n') },
      async () => {
        loads += 1;
        return LINE_FRAMING;
      },
    );
    const data: string[] = [];
    for await (const m of stream) data.push(m.data);
    expect(data).toEqual(['0:"a"', '0:"b"', 'd:{}']);
    expect(loads).toBe(1);
  });

  it('never asks for the line framing on an SSE stream', async () => {
    const body = 'event: done\ndata: {}\n\n';
    const stream = openSSE(
      {
        url: 'http://127.0.0.1/x',
        fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
      },
      () => {
        throw new Error('line framing requested for an SSE stream');
      },
    );
    const events: string[] = [];
    for await (const m of stream) events.push(m.event);
    expect(events).toEqual(['done']);
  });

  it('fails the stream with the loader\'s error when the line framing cannot be loaded', async () => {
    const failure = new Error('chunk gone');
    const stream = openSSE(
      { url: 'http://127.0.0.1/x', framing: 'lines', fetch: async () => lineResponse('0:"a"\n') },
      () => Promise.reject(failure),
    );
    await expect(stream.next()).rejects.toBe(failure);
  });

  it('applies maxEventSize to lines', async () => {
    const stream = openSSE(
      { url: 'http://127.0.0.1/x', framing: 'lines', maxEventSize: 6, fetch: async () => lineResponse('0:"a"\n0:"toolong"\n') },
      () => LINE_FRAMING,
    );
    await expect(stream.next()).resolves.toEqual({ done: false, value: { event: 'message', data: '0:"a"', id: '' } });
    await expect(stream.next()).rejects.toMatchObject({ code: 'event_too_large' });
  });
});
