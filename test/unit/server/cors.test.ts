import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import type { ChatHandlerOptions } from '../../../src/server/handler/ChatHandlerOptions';
import { HttpError } from '../../../src/server/handler/HttpError';
import { createMockModel } from '../../../src/server/models/mock';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import { toNodeHandler } from '../../../src/server/node/toNodeHandler';
import { cancelRequest, readEvents, startRequest, textOf } from './sseTestKit';

const BASE = 'http://chat.test';
const APP = 'https://app.example';
const OTHER = 'https://evil.example';
let handler: ChatHandler | undefined;
let server: Server | undefined;

afterEach(async () => {
  await handler?.close();
  handler = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

function make(options: ChatHandlerOptions = {}): ChatHandler {
  handler = createChatHandler({ model: createMockModel({ delayMs: 0 }), ...options });
  return handler;
}

/** A browser's preflight for `method` on `path` from `origin`. */
function preflight(path: string, origin: string, method: string, headers = 'content-type'): Request {
  return new Request(`${BASE}${path}`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers },
  });
}

/** A conversation with one finished exchange, started from APP; returns its id. */
async function conversation(chat: ChatHandler): Promise<string> {
  const res = await chat(startRequest(BASE, { message: { text: 'hello there' } }, { Origin: APP }));
  await readEvents(res.body);
  return res.headers.get('x-chatwire-conversation-id') ?? '';
}

function expectAllowed(res: Response, origin = APP): void {
  expect(res.headers.get('access-control-allow-origin')).toBe(origin);
  expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
  expect(exposed).toEqual(expect.arrayContaining(['x-chatwire-conversation-id', 'retry-after']));
}

async function errorOf(res: Response): Promise<{ message: string; code: string }> {
  return ((await res.json()) as { error: { message: string; code: string } }).error;
}

describe('cors off (the default)', () => {
  it('refuses a preflight and a request from another origin with 403 pointing to the cors option, adding no CORS headers', async () => {
    const chat = make();
    const res = await chat(preflight('/api/chat', APP, 'POST'));
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toContain('cors: { origin');
    const start = await chat(startRequest(BASE, { message: { text: 'hello' } }, { Origin: APP }));
    expect(start.status).toBe(403);
    expect((await errorOf(start)).code).toBe('cross_origin_refused');
    expect(start.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await chat(new Request(`${BASE}/api/chat`, { method: 'OPTIONS' }));
    expect(plain.status).toBe(405);
    expect((await errorOf(plain)).message).toContain('cors: { origin');
  });
});

describe('preflight', () => {
  it.each([
    ['/api/chat', 'POST'],
    ['/api/chat/c1/stream', 'GET'],
    ['/api/chat/c1/cancel', 'POST'],
    ['/api/chat/c1/messages', 'GET'],
  ])('answers 204 on %s for an allowed origin, with the route method, the client headers and max-age', async (path, method) => {
    const chat = make({ cors: { origin: APP } });
    const res = await chat(preflight(path, APP, method, 'content-type,last-event-id,authorization'));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toBe(method);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'last-event-id', 'authorization', 'accept']));
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers 403 naming the origin and how to allow it, without Access-Control-Allow-Origin', async () => {
    const chat = make({ cors: { origin: [APP, 'https://admin.example'] } });
    const res = await chat(preflight('/api/chat', OTHER, 'POST'));
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    const error = await errorOf(res);
    expect(error.code).toBe('cors_origin_not_allowed');
    expect(error.message).toContain(OTHER);
    expect(error.message).toContain('cors.origin');
  });

  it('refuses a header outside the allowed set by name, and accepts it once allowHeaders lists it', async () => {
    const refused = await make({ cors: { origin: APP } })(preflight('/api/chat', APP, 'POST', 'content-type, X-Tenant-Id'));
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error.code).toBe('cors_header_not_allowed');
    expect(error.message).toContain('x-tenant-id');
    expect(error.message).toContain('cors.allowHeaders');
    await handler?.close();

    const ok = await make({ cors: { origin: APP, allowHeaders: ['X-Tenant-Id'], maxAge: 60 } })(
      preflight('/api/chat', APP, 'POST', 'content-type, X-Tenant-Id'),
    );
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-headers')).toContain('x-tenant-id');
    expect(ok.headers.get('access-control-max-age')).toBe('60');
  });

  it('allows the fault-injection header only when the handler accepts it (test mode)', async () => {
    const ask = () => preflight('/api/chat', APP, 'POST', 'content-type,x-chatwire-fault-drop-after');
    expect((await make({ cors: { origin: APP } })(ask())).status).toBe(403);
    await handler?.close();
    expect((await make({ cors: { origin: APP }, faults: { allowRequestHeader: true } })(ask())).status).toBe(204);
  });

  it('answers 405 with CORS headers when the preflight asks for a method the route does not answer', async () => {
    const res = await make({ cors: { origin: APP } })(preflight('/api/chat/c1/messages', APP, 'DELETE'));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('answers a plain OPTIONS (no Origin) with Allow, and an unknown route 404', async () => {
    const chat = make({ cors: { origin: APP } });
    const plain = await chat(new Request(`${BASE}/api/chat/c1/stream`, { method: 'OPTIONS' }));
    expect(plain.status).toBe(204);
    expect(plain.headers.get('allow')).toBe('GET, OPTIONS');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const unknown = await chat(preflight('/api/chat/c1/nope', APP, 'GET'));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(APP);
  });
});

describe('actual responses', () => {
  it('adds the headers to the SSE start stream, which still streams to done', async () => {
    const chat = make({ cors: { origin: APP } });
    const res = await chat(startRequest(BASE, { message: { text: 'hello there' } }, { Origin: APP }));
    expect(res.status).toBe(200);
    expectAllowed(res);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(res.body);
    expect(events.at(-1)?.type).toBe('done');
    expect(textOf(events).length).toBeGreaterThan(10);
  });

  it('adds them to JSON answers, the resume SSE and its 204', async () => {
    const chat = make({ cors: { origin: APP } });
    const id = await conversation(chat);
    const history = await chat(new Request(`${BASE}/api/chat/${id}/messages`, { headers: { Origin: APP } }));
    expect(history.status).toBe(200);
    expectAllowed(history);
    const cancel = await chat(
      new Request(`${BASE}/api/chat/${id}/cancel`, { method: 'POST', headers: { Origin: APP, 'Content-Type': 'application/json' }, body: '{}' }),
    );
    expect(await cancel.json()).toEqual({ cancelled: false });
    expectAllowed(cancel);
    const replay = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { Origin: APP, 'Last-Event-ID': '1' } }));
    expect(replay.status).toBe(200);
    expectAllowed(replay);
    expect((await readEvents(replay.body)).at(-1)?.type).toBe('done');
    const last = ((await history.json()) as { lastSeq: number }).lastSeq;
    const nothing = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { Origin: APP, 'Last-Event-ID': String(last) } }));
    expect(nothing.status).toBe(204);
    expectAllowed(nothing);
  });

  it('adds them to 4xx and 5xx errors, a 429 with Retry-After included', async () => {
    const store = createMemoryStore();
    const chat = make({
      cors: { origin: APP },
      store,
      maxConcurrentStreamsPerUser: 1,
      model: createMockModel({ delayMs: 20 }),
      authorize: (req) => {
        if (req.headers.get('authorization') === 'slow-down') {
          throw new HttpError(429, 'rate_limited', 'Too many requests; retry in 7 s.', undefined, { 'Retry-After': '7' });
        }
        return req.headers.get('authorization') === 'none' ? null : { userId: 'u1' };
      },
    });
    const headers = (extra: Record<string, string> = {}) => ({ Origin: APP, ...extra });
    const bad = await chat(startRequest(BASE, '{nope', headers()));
    expect(bad.status).toBe(400);
    expectAllowed(bad);
    const unauthorized = await chat(new Request(`${BASE}/api/chat/c1/messages`, { headers: headers({ authorization: 'none' }) }));
    expect(unauthorized.status).toBe(401);
    expectAllowed(unauthorized);
    const limited = await chat(new Request(`${BASE}/api/chat/c1/messages`, { headers: headers({ authorization: 'slow-down' }) }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expectAllowed(limited);

    const running = await chat(startRequest(BASE, { message: { text: 'long story' } }, headers()));
    const busy = await chat(startRequest(BASE, { message: { text: 'another long story' } }, headers()));
    expect(busy.status).toBe(429);
    expectAllowed(busy);
    await chat(cancelRequest(BASE, running.headers.get('x-chatwire-conversation-id')));
    await readEvents(running.body);

    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    store.getOwner = () => Promise.reject(new Error('store offline'));
    const failed = await chat(new Request(`${BASE}/api/chat/c1/messages`, { headers: headers() }));
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    expectAllowed(failed);
    vi.restoreAllMocks();
  });

  it('refuses a browser POST that is not JSON (a form or no-cors fetch from another site) with 415, before anything runs', async () => {
    const model = createMockModel({ delayMs: 0 });
    const chat = make({ cors: { origin: APP, credentials: true }, model });
    const id = await conversation(chat);
    const callsBefore = model.calls;
    const form = await chat(
      new Request(`${BASE}/api/chat`, {
        method: 'POST',
        headers: { Origin: OTHER, 'Content-Type': 'text/plain' },
        body: JSON.stringify({ message: { text: 'posted by another site' } }),
      }),
    );
    expect(form.status).toBe(403);
    expect((await errorOf(form)).code).toBe('cors_origin_not_allowed');
    const allowedForm = await chat(
      new Request(`${BASE}/api/chat`, {
        method: 'POST',
        headers: { Origin: APP, 'Content-Type': 'text/plain' },
        body: JSON.stringify({ message: { text: 'posted as text' } }),
      }),
    );
    expect(allowedForm.status).toBe(415);
    const error = await errorOf(allowedForm);
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toContain('"text/plain"');
    const bare = await chat(new Request(`${BASE}/api/chat/${id}/cancel`, { method: 'POST', headers: { Origin: APP } }));
    expect(bare.status).toBe(415);
    expect(model.calls).toBe(callsBefore);
    // Without an Origin (a server or CLI, not a browser), a JSON POST works; any other is refused too.
    expect((await chat(cancelRequest(BASE, id))).status).toBe(200);
    expect((await chat(new Request(`${BASE}/api/chat/${id}/cancel`, { method: 'POST' }))).status).toBe(415);
  });

  it('refuses a disallowed origin on every route (403, without Access-Control-Allow-Origin), and serves same-origin requests as before', async () => {
    const chat = make({ cors: { origin: APP } });
    const other = await chat(new Request(`${BASE}/api/chat/c1/messages`, { headers: { Origin: OTHER } }));
    expect(other.status).toBe(403);
    expect((await errorOf(other)).code).toBe('cors_origin_not_allowed');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toMatch(/\bOrigin\b/);
    const same = await chat(startRequest(BASE, { message: { text: 'hello' } }));
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
    expect((await readEvents(same.body)).at(-1)?.type).toBe('done');
  });
});

describe('credentials, wildcard and predicate', () => {
  it('credentials: echoes the origin and allows credentials on preflight and answers', async () => {
    const chat = make({ cors: { origin: [APP], credentials: true } });
    const pre = await chat(preflight('/api/chat', APP, 'POST'));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    const res = await chat(startRequest(BASE, { message: { text: 'hello' } }, { Origin: APP }));
    expectAllowed(res);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    await readEvents(res.body);
  });

  it("'*' without credentials answers any origin with *", async () => {
    const chat = make({ cors: { origin: '*' } });
    const pre = await chat(preflight('/api/chat', OTHER, 'POST'));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const res = await chat(startRequest(BASE, { message: { text: 'hello' } }, { Origin: OTHER }));
    expectAllowed(res, '*');
    await readEvents(res.body);
  });

  it('a predicate decides per origin (sync or async) and receives the request', async () => {
    const seen: string[] = [];
    const chat = make({
      cors: {
        origin: async (origin, request) => {
          seen.push(`${origin} ${new URL(request.url).pathname}`);
          return origin.endsWith('.app.example');
        },
        credentials: true,
      },
    });
    const tenant = 'https://acme.app.example';
    const ok = await chat(preflight('/api/chat', tenant, 'POST'));
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(tenant);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await chat(preflight('/api/chat', OTHER, 'POST'));
    expect(refused.status).toBe(403);
    expect(seen).toEqual([`${tenant} /api/chat`, `${OTHER} /api/chat`]);
  });

  it('a predicate that throws answers 500 and logs', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const chat = make({ cors: { origin: () => { throw new Error('tenant lookup failed'); } } });
    const res = await chat(preflight('/api/chat', APP, 'POST'));
    expect(res.status).toBe(500);
    expect((await errorOf(res)).message).not.toContain('tenant lookup failed'); // internals stay in the log
    expect(String(logged.mock.calls[0]?.[1])).toContain('tenant lookup failed');
    vi.restoreAllMocks();
  });

  it.each([
    [{ origin: '*', credentials: true }, /'\*' cannot be combined with cors.credentials/],
    [{ origin: [APP, '*'] }, /'\*' among other origins/],
    [{ origin: [] }, /empty list/],
    [{ origin: 'https://app.example/' }, /received "https:\/\/app.example\/". Write 'https:\/\/app.example'/],
    [{ origin: 'app.example' }, /must be an origin.*received "app.example"/],
    [{ origin: APP, maxAge: -1 }, /cors.maxAge.*received -1/],
    [{ origin: APP, allowHeaders: ['x bad'] }, /cors.allowHeaders.*"x bad"/],
  ])('refuses %j at creation with a clear error', (cors, message) => {
    expect(() => createChatHandler({ cors: cors as ChatHandlerOptions['cors'] })).toThrow(message);
  });
});

describe('through toNodeHandler', () => {
  it('keeps the CORS headers on the preflight and the SSE stream', async () => {
    const chat = make({ cors: { origin: APP, credentials: true } });
    server = createServer(toNodeHandler(chat));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pre = await fetch(`${base}/api/chat`, {
      method: 'OPTIONS',
      headers: { Origin: APP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
    const res = await fetch(startRequest(base, { message: { text: 'hello there' } }, { Origin: APP }));
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('connection')).toBe('keep-alive');
    expectAllowed(res);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await readEvents(res.body)).at(-1)?.type).toBe('done');
  });
});
