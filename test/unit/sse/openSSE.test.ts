import { openSSE } from '../../../src/core/sse/openSSE';
import { ChatwireError } from '../../../src/core/errors';
import { messageOf } from '../../../src/core/messageOf';
import { LINE_FRAMING } from '../../../src/core/sse/LineFraming';
import { createTransportRare } from '../../../src/core/sse/transportRare';

const RARE = createTransportRare({ ChatwireError, messageOf });
const noRare = () => {
  throw new Error('the rare paths were requested by a healthy stream');
};

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
      {
        lines: async () => {
          loads += 1;
          return LINE_FRAMING;
        },
        rare: noRare,
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
      {
        lines: () => {
          throw new Error('line framing requested for an SSE stream');
        },
        rare: noRare,
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
      { lines: () => Promise.reject(failure), rare: noRare },
    );
    await expect(stream.next()).rejects.toBe(failure);
  });

  it('applies maxEventSize to lines', async () => {
    const stream = openSSE(
      { url: 'http://127.0.0.1/x', framing: 'lines', maxEventSize: 6, fetch: async () => lineResponse('0:"a"\n0:"toolong"\n') },
      { lines: () => LINE_FRAMING, rare: () => RARE },
    );
    await expect(stream.next()).resolves.toEqual({ done: false, value: { event: 'message', data: '0:"a"', id: '' } });
    await expect(stream.next()).rejects.toMatchObject({ code: 'event_too_large' });
  });

  it('loads the rare paths only for a failed response or a drop, and fails the stream with the loader\'s error', async () => {
    let loads = 0;
    const failing = openSSE(
      { url: 'http://127.0.0.1/x', fetch: async () => new Response('{"error":"overloaded"}', { status: 400 }) },
      {
        lines: () => LINE_FRAMING,
        rare: async () => {
          loads += 1;
          return RARE;
        },
      },
    );
    await expect(failing.next()).rejects.toMatchObject({ code: 'http_error', status: 400, message: expect.stringContaining('overloaded') });
    expect(loads).toBe(1);

    const failure = new Error('chunk gone');
    let requests = 0;
    const dropped = openSSE(
      {
        url: 'http://127.0.0.1/x',
        fetch: async () => {
          requests += 1;
          return new Response('event: text-delta\ndata: {}\n\n', { headers: { 'content-type': 'text/event-stream' } });
        },
      },
      { lines: () => LINE_FRAMING, rare: () => Promise.reject(failure) },
    );
    await expect(dropped.next()).resolves.toMatchObject({ done: false, value: { event: 'text-delta' } });
    await expect(dropped.next()).rejects.toBe(failure); // the body ended before a terminal message: a drop
    expect(requests).toBe(1);
  });
});
