/**
 * Issue 10's table, row by row, against the fetch-style handler and (where only a socket
 * can show it) through `toNodeHandler`: every bad input gets its documented answer and
 * changes nothing.
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import { toNodeHandler } from '../../../src/server/node/toNodeHandler';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import type { ChatMessage } from '../../../src/core/session/types';
import type { ChatEvent } from '../../../src/core/events';
import type { ModelSource } from '../../../src/server/types';
import { cancelRequest, readEvents, startRequest } from './sseTestKit';

const BASE = 'http://chat.test';
const handlers: ChatHandler[] = [];
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

function make(options: Parameters<typeof createChatHandler>[0] = {}): ChatHandler {
  const handler = createChatHandler({ model: createMockModel({ delayMs: 0 }), heartbeatMs: 60_000, ...options });
  handlers.push(handler);
  return handler;
}

async function errorOf(response: Response): Promise<{ message: string; code: string; field?: string }> {
  return ((await response.json()) as { error: { message: string; code: string; field?: string } }).error;
}

/** A finished conversation of the default user; its id. */
async function conversation(chat: ChatHandler, text = 'hello'): Promise<string> {
  const res = await chat(startRequest(BASE, { message: { id: 'first', text } }));
  await readEvents(res.body);
  return res.headers.get('x-chatwire-conversation-id') as string;
}

/** One request per route, with `headers`. */
function everyRoute(id: string, headers: Record<string, string>, contentType = 'application/json'): Request[] {
  const post = (path: string, body: unknown) =>
    new Request(`${BASE}${path}`, { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body: JSON.stringify(body) });
  return [
    post('/api/chat', { message: { text: 'from another page' } }),
    post(`/api/chat/${id}/cancel`, {}),
    new Request(`${BASE}/api/chat/${id}/stream?follow=1`, { headers }),
    new Request(`${BASE}/api/chat/${id}/messages`, { headers }),
  ];
}

describe('row 1: pages of other origins, cors on or off', () => {
  it.each([
    ['a page on another port of the same host (Sec-Fetch-Site: same-site), as in the attack', { Origin: 'http://chat.test:8080', 'Sec-Fetch-Site': 'same-site' }],
    ['a page of another site (Sec-Fetch-Site: cross-site)', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }],
    ['a foreign Origin from a browser without Sec-Fetch-*', { Origin: 'http://chat.test:8080' }],
    ['a sandboxed frame (Origin: null)', { Origin: 'null' }],
    ['a cross-site navigation or image (no Origin)', { 'Sec-Fetch-Site': 'cross-site' }],
  ])('refuses %s with 403 on every route, before anything runs (cors off)', async (_, headers) => {
    const model = createMockModel({ delayMs: 0 });
    const chat = make({ model });
    const id = await conversation(chat);
    const calls = model.calls;
    for (const request of everyRoute(id, headers)) {
      const res = await chat(request);
      expect(res.status).toBe(403);
      const error = await errorOf(res);
      expect(error.code).toBe('cross_origin_refused');
      expect(error.message).toContain('cors: { origin');
    }
    // The attack's exact request: text/plain, which browsers send without a preflight.
    const attack = everyRoute(id, headers, 'text/plain')[0] as Request;
    expect((await chat(attack)).status).toBe(403);
    expect(model.calls).toBe(calls);
  });

  it('refuses a foreign origin with cors on unless it is allowed; an allowed one works on every route', async () => {
    const chat = make({ cors: { origin: ['https://app.example'], credentials: true } });
    const id = await conversation(chat);
    for (const request of everyRoute(id, { Origin: 'http://chat.test:8080', 'Sec-Fetch-Site': 'same-site' })) {
      const res = await chat(request);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('cors_origin_not_allowed');
    }
    const [start, cancel, follow, history] = everyRoute(id, { Origin: 'https://app.example', 'Sec-Fetch-Site': 'cross-site' }) as Request[];
    const started = await chat(start as Request);
    expect(started.status).toBe(200);
    expect((await readEvents(started.body)).at(-1)?.type).toBe('done');
    expect((await chat(cancel as Request)).status).toBe(200);
    const followed = await chat(follow as Request);
    expect(followed.status).toBe(200);
    await followed.body?.cancel();
    expect((await chat(history as Request)).status).toBe(200);
  });

  it.each([
    ['the same origin, marked by the browser', { Origin: BASE, 'Sec-Fetch-Site': 'same-origin' }, BASE],
    ['the same origin, without Sec-Fetch-*', { Origin: BASE }, BASE],
    ['a URL the user typed (Sec-Fetch-Site: none)', { 'Sec-Fetch-Site': 'none' }, BASE],
    ['a server or CLI (no Origin, no Sec-Fetch-*)', {}, BASE],
    ['the public origin behind a proxy (X-Forwarded-Host)', { Origin: 'https://chat.example', 'X-Forwarded-Host': 'chat.example' }, 'http://10.0.0.7:3000'],
  ])('serves %s on every route', async (_, headers, base) => {
    const chat = make();
    const id = await conversation(chat);
    const requests = everyRoute(id, headers).map((r) => new Request(r.url.replace(BASE, base), r));
    const started = await chat(requests[0] as Request);
    expect(started.status).toBe(200);
    await readEvents(started.body);
    expect((await chat(requests[1] as Request)).status).toBe(200);
    const followed = await chat(requests[2] as Request);
    expect(followed.status).toBe(200);
    await followed.body?.cancel();
    expect((await chat(requests[3] as Request)).status).toBe(200);
  });

  it('refuses every POST that is not application/json with 415, from anyone, before anything runs', async () => {
    const model = createMockModel({ delayMs: 0 });
    const chat = make({ model });
    const id = await conversation(chat);
    const calls = model.calls;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      for (const path of ['/api/chat', `/api/chat/${id}/cancel`]) {
        const res = await chat(new Request(`${BASE}${path}`, { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body: JSON.stringify({ message: { text: 'x' } }) }));
        expect(res.status).toBe(415);
        expect((await errorOf(res)).code).toBe('unsupported_media_type');
      }
    }
    expect(model.calls).toBe(calls);
  });
});

describe('row 3: connection caps', () => {
  const follow = (chat: ChatHandler, id: string) => chat(new Request(`${BASE}/api/chat/${id}/stream?follow=1`));

  it('answers 429 with Retry-After past maxConnectionsPerUser (3,000 follows: the cap holds), and accepts again once one closes', async () => {
    const chat = make();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await conversation(chat));
    const answers = await Promise.all(Array.from({ length: 3000 }, (_, i) => follow(chat, ids[i % 5] as string)));
    const open = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 429);
    expect(open).toHaveLength(32);
    expect(refused).toHaveLength(3000 - 32);
    expect(refused[0]?.headers.get('retry-after')).toBe('2');
    expect((await errorOf(refused[0] as Response)).code).toBe('too_many_connections');
    await open[0]?.body?.cancel();
    expect((await follow(chat, ids[0] as string)).status).toBe(200);
    // A start counts too.
    expect((await chat(startRequest(BASE, { message: { text: 'one more' } }))).status).toBe(429);
    await Promise.all(open.slice(1).map((r) => r.body?.cancel()));
  });

  it('answers 429 past maxConnectionsPerConversation, whoever holds them', async () => {
    const chat = make({ maxConnectionsPerConversation: 2 });
    const id = await conversation(chat);
    const a = await follow(chat, id);
    const b = await follow(chat, id);
    const c = await follow(chat, id);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    expect((await errorOf(c)).message).toContain('maxConnectionsPerConversation');
    expect((await chat(startRequest(BASE, { conversationId: id, message: { text: 'again' } }))).status).toBe(429);
    await a.body?.cancel();
    const d = await follow(chat, id);
    expect(d.status).toBe(200);
    await Promise.all([b, d].map((r) => r.body?.cancel()));
  });
});

describe('row 4: a reader held to maxBufferedBytesPerConnection', () => {
  it('reads behind the log from the store, catches up, and goes on live to done (every seq once)', async () => {
    // Each event is over the 100-byte bound, and the model pauses between them: the stream
    // reads each one back from the store and often finds nothing more yet.
    const paced: ModelSource = {
      name: 'paced',
      async *stream() {
        for (let i = 0; i < 20; i++) {
          await new Promise((resolve) => setTimeout(resolve, 15));
          yield { type: 'text-delta', delta: `word ${i} `.repeat(10) } as ChatEvent;
        }
        yield { type: 'done', finishReason: 'stop' } as ChatEvent;
      },
    };
    const chat = make({ model: paced, maxBufferedBytesPerConnection: 100 });
    const started = await chat(startRequest(BASE, { message: { text: 'hello' } }));
    const events = await Promise.race([
      readEvents(started.body),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the stream stalled')), 5000)),
    ]);
    expect(events.at(-1)?.type).toBe('done');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'text-delta')).toHaveLength(20);
  });
});

describe('rows 6, 8, 10, 11: bad input', () => {
  it('row 6: a Last-Event-ID beyond the log while a generation runs answers 400 naming lastEventId', async () => {
    const chat = make({ model: createMockModel({ delayMs: 5 }) });
    const started = await chat(startRequest(BASE, { message: { text: 'Write something long' } }));
    const id = started.headers.get('x-chatwire-conversation-id') as string;
    await readEvents(started.body, 5);
    const res = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { 'Last-Event-ID': '999999' } }));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.field).toBe('lastEventId');
    expect(error.message).toMatch(/999999 is beyond the last event .* \(seq \d+\)/);
    await chat(cancelRequest(BASE, id));
  });

  it.each([
    ['an object field', (deep: string) => `{"message":{"text":"hi","meta":${deep}}}`, 'message.meta'],
    ['an extra top-level field', (deep: string) => `{"message":{"text":"hi"},"context":${deep}}`, 'context'],
    ['the body itself', (deep: string) => deep, 'body'],
  ])('row 8: JSON nested 10,000 deep in %s answers 400 naming the field, without internals', async (_, wrap, field) => {
    const model = createMockModel({ delayMs: 0 });
    const chat = make({ model });
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const res = await chat(startRequest(BASE, wrap(deep)));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/more than 32 levels deep \(at .*\.\.\.\)/);
    expect(error.message).not.toMatch(/stack|Maximum call/);
    expect(model.calls).toBe(0);
    // Within the bound, nesting is fine.
    const ok = await chat(startRequest(BASE, `{"message":{"text":"hi"},"context":${'['.repeat(20)}${']'.repeat(20)}}`));
    expect(ok.status).toBe(200);
    await readEvents(ok.body);
  });

  it("row 10: a message id already in the conversation answers 409 and leaves the history as it was", async () => {
    const chat = make();
    const id = await conversation(chat);
    const before = (await (await chat(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: ChatMessage[] };
    for (const taken of ['first', before.messages[1]?.id as string]) {
      const res = await chat(startRequest(BASE, { conversationId: id, message: { id: taken, text: 'replace it' } }));
      expect(res.status).toBe(409);
      const error = await errorOf(res);
      expect(error).toMatchObject({ code: 'message_id_conflict', field: 'message.id' });
    }
    const after = (await (await chat(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: ChatMessage[] };
    expect(after.messages).toEqual(before.messages);
    const fine = await chat(startRequest(BASE, { conversationId: id, message: { id: 'second', text: 'a new one' } }));
    expect(fine.status).toBe(200);
    await readEvents(fine.body);
  });

  it('row 11: a malformed or oversized cancel body is refused like a start body, and cancels nothing', async () => {
    const chat = make({ model: createMockModel({ delayMs: 5 }), maxRequestBytes: 1000 });
    const started = await chat(startRequest(BASE, { message: { text: 'Write something long' } }));
    const id = started.headers.get('x-chatwire-conversation-id') as string;
    for (const [body, status, field] of [
      ['{not json', 400, 'body'],
      ['[1,2]', 400, 'body'],
      ['{"streamId":42}', 400, 'streamId'],
      ['{"streamId":"has spaces"}', 400, 'streamId'],
      [`{"streamId":"${'x'.repeat(2000)}"}`, 413, undefined],
      [`{"a":${'['.repeat(100)}${']'.repeat(100)}}`, 400, 'a'],
    ] as const) {
      const res = await chat(cancelRequest(BASE, id, body));
      expect(res.status).toBe(status);
      expect((await errorOf(res)).field).toBe(field);
    }
    const events = await readEvents(started.body, 30);
    expect(events.map((e) => e.type)).not.toContain('cancelled');
    const ok = await chat(cancelRequest(BASE, id, ''));
    expect(await ok.json()).toMatchObject({ cancelled: true });
  });

  it('row 11: a start refused at the limit leaves no empty conversation behind', async () => {
    const store = createMemoryStore();
    const chat = make({ store, model: createMockModel({ delayMs: 20 }), maxConcurrentStreamsPerUser: 1 });
    const running = await chat(startRequest(BASE, { message: { text: 'Write something long' } }));
    const refused = await Promise.all(Array.from({ length: 50 }, () => chat(startRequest(BASE, { message: { text: 'me too' } }))));
    expect(refused.every((r) => r.status === 429)).toBe(true);
    expect(store.size()).toBe(1);
    await chat(cancelRequest(BASE, running.headers.get('x-chatwire-conversation-id')));
    await readEvents(running.body);
  });
});

describe('rows 9 and 11 through node:http', () => {
  async function listen(handler: ChatHandler): Promise<number> {
    const server = createServer(toNodeHandler(handler));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  function post(port: number, agent: Agent, path: string, body: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += String(d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('row 9: a 413 (start or cancel) says Connection: close, and the next request on a pooled agent works', async () => {
    const chat = make({ maxRequestBytes: 1000 });
    const port = await listen(chat);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const id = await conversation(chat);
      for (const path of ['/api/chat', `/api/chat/${id}/cancel`]) {
        const big = await post(port, agent, path, JSON.stringify({ message: { text: 'x'.repeat(200_000) } }));
        expect(big.status).toBe(413);
        expect(big.headers.connection).toBe('close');
        const next = await post(port, agent, `/api/chat/${id}/cancel`, '{}');
        expect(next.status).toBe(200);
        expect(JSON.parse(next.text)).toEqual({ cancelled: false });
      }
    } finally {
      agent.destroy();
    }
  });

  it.each([['a b'], ['[::1'], ['host/path'], ['user@host'], ['host:port:1']])('row 11: a malformed Host (%s) answers 400 naming the field, never 500', async (host) => {
    const port = await listen(make());
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = new Socket();
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.connect(port, '127.0.0.1', () => socket.write(`GET /api/chat/x/messages HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('"field":"host"');
  });
});
