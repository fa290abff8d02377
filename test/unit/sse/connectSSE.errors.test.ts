import { isChatwireError, type ChatwireError } from '../../../src/core/errors';
import { connectSSE } from '../../../src/core/sse/connectSSE';
import { event, failure, instantTimers, sseHead, startServer, type TestServer } from './support';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function drain(options: Parameters<typeof connectSSE>[0]): Promise<ChatwireError> {
  const error = await failure(
    (async () => {
      for await (const _ of connectSSE({ timers: instantTimers(), idleTimeoutMs: 0, ...options })) void _;
    })(),
  );
  if (!isChatwireError(error)) throw error;
  return error;
}

describe('connectSSE: response validation', () => {
  it('turns a 500 with a JSON body into http_error with status and the server message', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'model provider timed out', code: 'upstream' } }));
    });
    const error = await drain({ url: `${server.url}/api/chat`, method: 'POST', body: {} });
    expect(error.code).toBe('http_error');
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('model provider timed out');
    expect(server.requests).toHaveLength(1);
  });

  it('reads {error:"..."} and {message} bodies too', async () => {
    const bodies = ['{"error":"quota exceeded"}', '{"message":"bad conversation id"}'];
    server = await startServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(bodies[server!.requests.length - 1]);
    });
    expect((await drain({ url: server.url })).message).toContain('quota exceeded');
    expect((await drain({ url: server.url })).message).toContain('bad conversation id');
  });

  it('turns a 404 text body into a non-retried http_error, even for a GET', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('conversation c9 not found');
    });
    const error = await drain({ url: `${server.url}/api/chat/c9/stream` });
    expect(error.code).toBe('http_error');
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('conversation c9 not found');
    expect(server.requests).toHaveLength(1);
  });

  it('truncates a long error body to an excerpt', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>Bad gateway</h1>${'<p>filler</p>'.repeat(5000)}</body></html>`);
    });
    const error = await drain({ url: server.url, method: 'POST' });
    expect(error.status).toBe(502);
    expect(error.message).toContain('Bad gateway');
    expect(error.message).not.toContain('<h1>');
    expect(error.message.length).toBeLessThan(500);
  });

  it('retries 503 on a GET, honouring Retry-After', async () => {
    server = await startServer((_req, res) => {
      if (server!.requests.length === 1) {
        res.writeHead(503, { 'retry-after': '7', 'content-type': 'text/plain' });
        res.end('busy');
        return;
      }
      sseHead(res);
      res.end(event(1, '{}', 'done'));
    });
    const delays: number[] = [];
    const out = [];
    for await (const m of connectSSE({
      url: server.url,
      timers: instantTimers(),
      idleTimeoutMs: 0,
      onReconnecting: (i) => delays.push(i.delayMs),
    }))
      out.push(m);
    expect(out).toHaveLength(1);
    expect(delays).toEqual([7000]);
  });

  it('rejects a wrong content type, saying what came', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Login</title>');
    });
    const error = await drain({ url: server.url });
    expect(error.code).toBe('bad_content_type');
    expect(error.message).toContain('expected text/event-stream, received text/html; charset=utf-8');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects HTML for line framing too', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>hi</p>');
    });
    expect((await drain({ url: server.url, framing: 'lines' })).code).toBe('bad_content_type');
  });

  it('fails with event_too_large and does not retry', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.end(`data: ${'x'.repeat(5000)}\n\n`);
    });
    const error = await drain({ url: server.url, maxEventSize: 1024 });
    expect(error.code).toBe('event_too_large');
    expect(error.message).toContain('1024 bytes');
    expect(server.requests).toHaveLength(1);
  });

  it('fails with network_error when a POST cannot connect', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await drain({ url, method: 'POST', body: {} });
    expect(error.code).toBe('network_error');
    expect(error.message).toContain(url);
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response('event: done\ndata: {}\n\n', { headers: { 'content-type': 'text/event-stream' } });
    };
    const out = [];
    for await (const m of connectSSE({ url: 'http://example.invalid/s', fetch: fetchImpl })) out.push(m);
    expect(out).toEqual([{ event: 'done', data: '{}', id: '' }]);
    expect(seen).toEqual(['http://example.invalid/s']);
  });
});

describe('connectSSE: caller errors', () => {
  it('surfaces a failing headers function without retrying', async () => {
    let fetches = 0;
    const fetchImpl: typeof fetch = async () => {
      fetches++;
      return new Response('', { headers: { 'content-type': 'text/event-stream' } });
    };
    const error = await failure(
      (async () => {
        for await (const _ of connectSSE({
          url: 'http://example.invalid/s',
          fetch: fetchImpl,
          headers: () => {
            throw new Error('token refresh failed');
          },
          timers: instantTimers(),
        }))
          void _;
      })(),
    );
    expect((error as Error).message).toBe('token refresh failed');
    expect(fetches).toBe(0);
  });
});
