import { connectSSE } from '../../../src/core/sse/connectSSE';
import type { SSEMessage } from '../../../src/core/sse/SSEMessage';
import { event, failure, instantTimers, sseHead, startServer, type TestServer } from './support';
import { isChatwireError } from '../../../src/core/errors';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function all(iterable: AsyncIterable<SSEMessage>): Promise<SSEMessage[]> {
  const out: SSEMessage[] = [];
  for await (const m of iterable) out.push(m);
  return out;
}

describe('connectSSE: resuming', () => {
  it('resumes a dropped POST stream at resumeUrl with Last-Event-ID; every event arrives once', async () => {
    const log = [1, 2, 3, 4, 5].map((n) => event(n, `{"n":${n}}`, 'text-delta'));
    server = await startServer((req, res) => {
      sseHead(res);
      if (req.method === 'POST') {
        res.write(log.slice(0, 3).join(''));
        // a partial fourth event, then the connection drops
        res.write('id: 4\ndata: {"n"');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const after = Number(req.headers['last-event-id']);
      res.end(log.slice(after).join('') + event(6, '{}', 'done'));
    });
    const reconnects: unknown[] = [];
    const stream = connectSSE({
      url: `${server.url}/api/chat`,
      method: 'POST',
      body: { message: { id: 'm1', text: 'hi' } },
      resumeUrl: (id) => `${server!.url}/api/chat/c1/stream?after=${id}`,
      timers: instantTimers(), idleTimeoutMs: 0,
      onReconnecting: (info) => reconnects.push(info),
    });
    const out = await all(stream);
    expect(out.map((m) => m.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(out.at(-1)?.event).toBe('done');
    expect(stream.lastEventId).toBe('6');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/chat',
      'GET /api/chat/c1/stream?after=3',
    ]);
    expect(server.requests[0]?.body).toBe('{"message":{"id":"m1","text":"hi"}}');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[0]?.headers['last-event-id']).toBeUndefined();
    expect(server.requests[1]?.headers['last-event-id']).toBe('3');
    expect(reconnects).toHaveLength(1);
    expect(reconnects[0]).toMatchObject({ attempt: 1, lastEventId: '3' });
  });

  it('never re-sends a POST: without resumeUrl a dropped stream is an error', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.write(event(1, 'a'));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const out: SSEMessage[] = [];
    const error = await failure(
      (async () => {
        for await (const m of connectSSE({ url: server!.url, method: 'POST', body: {}, timers: instantTimers(), idleTimeoutMs: 0 }))
          out.push(m);
      })(),
    );
    expect(out.map((m) => m.data)).toEqual(['a']);
    expect(isChatwireError(error) && error.code).toBe('network_error');
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('never re-sends a POST: failing resumes go to resumeUrl only, until exhausted', async () => {
    server = await startServer((req, res) => {
      if (req.method === 'POST') {
        sseHead(res);
        res.end(event(1, 'a')); // early close: no terminal event
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"replica restarting","code":"unavailable"}}');
    });
    const error = await failure(
      all(
        connectSSE({
          url: server.url,
          method: 'POST',
          body: {},
          resumeUrl: `${server.url}/resume`,
          maxRetries: 3,
          timers: instantTimers(), idleTimeoutMs: 0,
        }),
      ),
    );
    expect(isChatwireError(error) && error.code).toBe('reconnect_exhausted');
    expect((error as Error).message).toContain('3 attempts');
    expect((error as Error).message).toContain('replica restarting');
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
    expect(server.requests.slice(1).map((r) => r.headers['last-event-id'])).toEqual(['1', '1', '1']);
  });

  it('reconnects a GET stream to its own URL when there is no resumeUrl, and never sends an empty Last-Event-ID', async () => {
    server = await startServer((req, res) => {
      sseHead(res);
      if (server!.requests.length === 1) {
        res.end(': no id yet\n\ndata: anonymous\n\n'); // message without id, then early close
        return;
      }
      res.end(event('a1', 'x', 'done'));
    });
    const out = await all(connectSSE({ url: `${server.url}/s`, timers: instantTimers(), idleTimeoutMs: 0 }));
    expect(out.map((m) => m.data)).toEqual(['anonymous', 'x']);
    expect(server.requests.map((r) => r.url)).toEqual(['/s', '/s']);
    expect(server.requests.every((r) => !('last-event-id' in r.headers))).toBe(true);
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream');
  });

  it('sends options.lastEventId on the first GET', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.end(event(8, '{}', 'done'));
    });
    const out = await all(connectSSE({ url: server.url, lastEventId: '7', timers: instantTimers(), idleTimeoutMs: 0 }));
    expect(out).toEqual([{ event: 'done', data: '{}', id: '8' }]);
    expect(server.requests[0]?.headers['last-event-id']).toBe('7');
  });

  it('ends normally on a 204 from the resume target', async () => {
    server = await startServer((req, res) => {
      if (req.method === 'POST') {
        sseHead(res);
        res.end(event(1, 'a'));
        return;
      }
      res.writeHead(204);
      res.end();
    });
    const out = await all(
      connectSSE({ url: server.url, method: 'POST', resumeUrl: `${server.url}/r`, timers: instantTimers(), idleTimeoutMs: 0 }),
    );
    expect(out.map((m) => m.data)).toEqual(['a']);
    expect(server.requests).toHaveLength(2);
  });

  it('ends without reconnecting when the body ends after a terminal message', async () => {
    for (const tail of [event(2, '{}', 'done'), 'data: [DONE]\n\n', event(2, '{}', 'message_stop'), 'data: {"type":"finish"}\n\n']) {
      await server?.close();
      server = await startServer((_req, res) => {
        sseHead(res);
        res.end(event(1, 'a') + tail);
      });
      const out = await all(connectSSE({ url: server.url, timers: instantTimers(), idleTimeoutMs: 0 }));
      expect(out).toHaveLength(2);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('uses a custom isTerminal', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.end(event(1, 'bye', 'the-end'));
    });
    const out = await all(
      connectSSE({ url: server.url, isTerminal: (m) => m.event === 'the-end', timers: instantTimers(), idleTimeoutMs: 0 }),
    );
    expect(out.map((m) => m.data)).toEqual(['bye']);
    expect(server.requests).toHaveLength(1);
  });

  it('calls the headers function before every request (fresh tokens on reconnect)', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      if (server!.requests.length < 3) res.end(event(server!.requests.length, 'x'));
      else res.end(event(3, '{}', 'done'));
    });
    let calls = 0;
    await all(
      connectSSE({
        url: server.url,
        headers: async () => ({ authorization: `Bearer t${++calls}` }),
        timers: instantTimers(), idleTimeoutMs: 0,
      }),
    );
    expect(calls).toBe(3);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3']);
  });

  it('reads line framing: each line becomes a message', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-vercel-ai-data-stream': 'v1' });
      res.end('0:"Hel"\n0:"lo"\r\nd:{"finishReason":"stop"}\n');
    });
    const out = await all(connectSSE({ url: server.url, framing: 'lines', timers: instantTimers(), idleTimeoutMs: 0 }));
    expect(out).toEqual([
      { event: 'message', data: '0:"Hel"', id: '' },
      { event: 'message', data: '0:"lo"', id: '' },
      { event: 'message', data: 'd:{"finishReason":"stop"}', id: '' },
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('reports responses and opens to the callbacks', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      if (server!.requests.length === 1) res.end(event(1, 'a'));
      else res.end(': hb\n\n' + event(2, '{}', 'done'));
    });
    const seen: string[] = [];
    await all(
      connectSSE({
        url: server.url,
        timers: instantTimers(), idleTimeoutMs: 0,
        onResponse: (r, i) => seen.push(`response ${r.status} ${i.attempt} ${i.resumed}`),
        onOpen: (_r, i) => seen.push(`open ${i.resumed}`),
        onComment: (c) => seen.push(`comment ${c}`),
        onReconnecting: (i) => seen.push(`reconnecting ${i.attempt}`),
      }),
    );
    expect(seen).toEqual([
      'response 200 0 false',
      'open false',
      'reconnecting 1',
      'response 200 1 true',
      'open true',
      'comment hb',
    ]);
  });
});
