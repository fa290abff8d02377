/**
 * A bad day for the Redis store (issue 10, row 5): Redis killed mid-stream and restarted
 * without its data, restarted faster than the outage timeout, and paused. Two handlers
 * (two replicas) share one private redis-server. Every wait is bounded.
 */
import { Redis } from 'ioredis';
import type { ChatEvent, ChatEventType } from '../../../src/core/events';
import type { ChatHandler } from '../../../src/server/handler/createChatHandler';
import type { ChatHandlerOptions } from '../../../src/server/handler/ChatHandlerOptions';
import { createMockModel } from '../../../src/server/models/mock';
import type { ModelSource } from '../../../src/server/types';
import { redisSuite } from '../../support/redisSuite';
import { readSSE } from '../../../src/core/sse/readSSE';
import { startRequest } from '../server/sseTestKit';
import { eventually, freshPrefix, sleep } from './helpers';

const BASE = 'http://chat.test';
// Registered first, so it runs last: after the suite has closed what the test opened.
afterEach(() => {
  vi.restoreAllMocks();
});
// A fresh redis-server for each test: the tests kill, restart and pause it.
const server = redisSuite({ each: true, ignoreCleanupErrors: true });

/** A model writing `count` short deltas `delayMs` apart for a prompt with "long", else 5 (stops on abort). */
function steady(count: number, delayMs: number): ModelSource {
  return {
    name: 'steady',
    async *stream({ signal, messages }) {
      const long = JSON.stringify(messages.at(-1)).includes('long');
      for (let i = 0; i < (long ? count : 5) && !signal.aborted; i++) {
        await sleep(delayMs);
        yield { type: 'text-delta', delta: `w${i} ` } as ChatEvent;
      }
      yield { type: 'done', finishReason: 'stop' } as ChatEvent;
    },
  };
}

function replicas(model: ModelSource, unavailableAfterMs = 1000, options: Partial<ChatHandlerOptions> = {}) {
  const keyPrefix = freshPrefix();
  const make = (): ChatHandler => {
    const store = server.store({ keyPrefix, unavailableAfterMs });
    return server.handler({ store, model, heartbeatMs: 500, storeTimeoutMs: 1500, ...options });
  };
  return { a: make(), b: make(), keyPrefix };
}

interface Seen {
  id: string;
  type: ChatEventType;
  data: Record<string, unknown>;
}

/** Reads SSE events into `into` until the body ends (or errors); resolves with how it ended. */
async function drain(body: ReadableStream<Uint8Array> | null, into: Seen[]): Promise<'ended' | 'errored'> {
  try {
    for await (const m of readSSE(body as ReadableStream<Uint8Array>)) {
      into.push({ id: m.id, type: m.event as ChatEventType, data: JSON.parse(m.data) as Record<string, unknown> });
    }
    return 'ended';
  } catch {
    return 'errored';
  }
}

/** Keys of conversations that have no owner: what an outage must not leave behind. */
async function orphans(redis: Redis, keyPrefix: string): Promise<string[]> {
  const keys = await redis.keys(`${keyPrefix}conv:*`);
  const owned = new Set(keys.filter((k) => k.endsWith(':owner')).map((k) => k.slice(0, -':owner'.length)));
  return keys.filter((k) => !owned.has(k.slice(0, k.lastIndexOf(':'))));
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = Date.now();
  const value = await run();
  return { value, ms: Date.now() - t };
}

describe('Redis killed, restarted, paused', () => {
  it('killed mid-stream: streams on both replicas end with store_unavailable, requests answer 503 fast, nothing unhandled, no orphan keys after the restart', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { a, b, keyPrefix } = replicas(steady(2000, 5));
    const started = await a(startRequest(BASE, { message: { text: 'a long one' } }));
    const id = started.headers.get('x-chatwire-conversation-id') as string;
    const onA: Seen[] = [];
    const onB: Seen[] = [];
    const endA = drain(started.body, onA);
    const follower = await b(new Request(`${BASE}/api/chat/${id}/stream?follow=1`));
    const endB = drain(follower.body, onB);
    await eventually(() => onA.length > 20 && onB.length > 20, 'events on both replicas');

    await server.kill();
    const outageAt = Date.now();
    expect(await endA).toBe('ended');
    expect(await endB).toBe('ended');
    expect(Date.now() - outageAt).toBeLessThan(5000);
    for (const seen of [onA, onB]) {
      const last = seen.at(-1) as Seen;
      expect(last).toMatchObject({ type: 'error', id: '', data: { code: 'store_unavailable', retryable: true } });
      expect(String(last.data.message)).not.toMatch(/ECONNREFUSED|ioredis|Connection is closed/);
      const ids = seen.slice(0, -1).map((e) => Number(e.id));
      expect(ids).toEqual(ids.map((_, i) => ids[0]! + i)); // nothing lost or doubled before the end
    }

    // While it is down: 503 with Retry-After, within a second or two, on every route.
    for (const request of [
      () => a(startRequest(BASE, { message: { text: 'during the outage' } })),
      () => b(startRequest(BASE, { conversationId: id, message: { text: 'continue' } })),
      () => b(new Request(`${BASE}/api/chat/${id}/messages`)),
      () => a(new Request(`${BASE}/api/chat/${id}/stream`)),
    ]) {
      const { value: response, ms } = await timed(request);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
      expect(ms).toBeLessThan(2000);
    }

    await server.restart(); // empty: the data is gone
    const admin = new Redis(server.url);
    server.cleanup(() => admin.quit());
    let fresh: Response | undefined;
    await eventually(async () => (fresh = await a(startRequest(BASE, { message: { text: 'hello again' } }))).status === 200, 'a start after the restart', 10_000);
    const again: Seen[] = [];
    await drain(fresh!.body, again);
    expect(again.at(-1)?.type).toBe('done');
    expect(again.map((e) => Number(e.id))).toEqual(again.map((_, i) => i + 1));
    expect((await b(new Request(`${BASE}/api/chat/${id}/messages`))).status).toBe(404);
    await a.settled();
    expect(await orphans(admin, keyPrefix)).toEqual([]);
    expect(await admin.keys(`${keyPrefix}conv:{${id}}:*`)).toEqual([]); // the old generation wrote nothing after the restart
    expect(errors.mock.calls.flat().join(' ')).not.toContain('Unhandled error event');
  });

  it('restarted without its data faster than the outage timeout: a follower ends with store_unavailable (its seq went backwards), never pings forever', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // An outage timeout well above the restart's duration, so Redis is back before it (even on a busy machine).
    const { a, b } = replicas(steady(3000, 5), 8000);
    const started = await a(startRequest(BASE, { message: { text: 'a long one' } }));
    const id = started.headers.get('x-chatwire-conversation-id') as string;
    void drain(started.body, []);
    const onB: Seen[] = [];
    const endB = drain((await b(new Request(`${BASE}/api/chat/${id}/stream?follow=1`))).body, onB);
    await eventually(() => onB.length > 20, 'events on the follower');
    await server.restart();
    expect(await endB).toBe('ended');
    expect(onB.at(-1)).toMatchObject({ type: 'error', data: { code: 'store_unavailable' } });
    expect(String(onB.at(-1)?.data.message)).toMatch(/gone from Redis|seq went back/);
    await a.settled();
  });

  it('restarted with its data faster than the outage timeout: the answer goes on to done on both replicas, every event once, and the history has all of it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await server.replace({ persistent: true }); // append-only file: a restart keeps the data
    const { a, b } = replicas(steady(400, 5), 8000);
    const started = await a(startRequest(BASE, { message: { text: 'a long one' } }));
    const id = started.headers.get('x-chatwire-conversation-id') as string;
    const onA: Seen[] = [];
    const onB: Seen[] = [];
    const endA = drain(started.body, onA);
    const endB = drain((await b(new Request(`${BASE}/api/chat/${id}/stream`))).body, onB);
    await eventually(() => onA.length > 20 && onB.length > 20, 'events on both replicas');
    await server.restart();
    expect(await endA).toBe('ended');
    expect(await endB).toBe('ended');
    const last = onA.at(-1) as Seen;
    if (last.type === 'error') {
      // The one other right outcome: the restarted Redis lacks a write it had acknowledged
      // (killed before its append-only file had it). Then the answer stops, saying so.
      expect(last.data).toMatchObject({ code: 'store_unavailable' });
      expect(String(last.data.message)).toMatch(/store failed while this answer was being written/);
      expect(errors.mock.calls.flat().join(' ')).toMatch(/seq went back|is gone from Redis/);
    }
    for (const seen of [onA, onB]) {
      expect(seen.at(-1)).toMatchObject({ type: last.type === 'error' ? 'error' : 'done' });
      expect(seen.map((e) => Number(e.id))).toEqual(seen.map((_, i) => i + 1));
      const deltas = seen.filter((e) => e.type === 'text-delta').map((e) => e.data.delta);
      expect(deltas).toEqual(Array.from({ length: last.type === 'error' ? deltas.length : 400 }, (_, i) => `w${i} `));
    }
    await a.settled();
    if (last.type === 'error') return;
    const history = (await (await b(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: { parts: { text?: string }[] }[] };
    expect(history.messages[1]?.parts[0]?.text).toBe(Array.from({ length: 400 }, (_, i) => `w${i} `).join(''));
    expect(errors.mock.calls.flat().join(' ')).not.toMatch(/Unhandled error event|failed/);
  });

  it('paused longer than storeTimeoutMs while a reader behind the log reads it from the store: its stream waits and goes on to done, every event once', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // 100 bytes buffered per connection: every event overflows, so the stream reads them back from Redis.
    const { a } = replicas(steady(300, 1), 1000, { maxBufferedBytesPerConnection: 100 });
    const admin = new Redis(server.url);
    server.cleanup(() => admin.quit());
    const started = await a(startRequest(BASE, { message: { text: 'a long one' } }));
    await a.settled(); // the whole answer is in the log; the client has read almost nothing yet
    await admin.call('CLIENT', 'PAUSE', '2500', 'ALL');
    const seen: Seen[] = [];
    expect(await drain(started.body, seen)).toBe('ended');
    expect(seen.at(-1)?.type).toBe('done');
    expect(seen.map((e) => Number(e.id))).toEqual(seen.map((_, i) => i + 1));
    expect(seen.filter((e) => e.type === 'text-delta')).toHaveLength(300);
  });

  it('paused (CLIENT PAUSE): requests answer 503 within 2 s, the stream in flight carries on after the pause with every event once, and no empty conversation is left', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { a, keyPrefix } = replicas(createMockModel({ delayMs: 2 }));
    const admin = new Redis(server.url);
    server.cleanup(() => admin.quit());
    const started = await a(startRequest(BASE, { message: { text: 'Write something long about harbours' } }));
    const seen: Seen[] = [];
    const ended = drain(started.body, seen);
    await eventually(() => seen.length > 30, 'events before the pause');
    await admin.call('CLIENT', 'PAUSE', '2500', 'ALL');
    const { value: refused, ms } = await timed(() => a(startRequest(BASE, { message: { text: 'during the pause' } })));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(ms).toBeGreaterThanOrEqual(1400); // it waited storeTimeoutMs for a stalled store...
    expect(ms).toBeLessThan(2000); // ...and no longer
    expect(await ended).toBe('ended');
    expect(seen.at(-1)?.type).toBe('done');
    expect(seen.map((e) => Number(e.id))).toEqual(seen.map((_, i) => i + 1));
    await a.settled();
    // The start refused during the pause ran late in Redis: it was undone, not left as an empty conversation.
    await eventually(async () => (await admin.keys(`${keyPrefix}conv:*:owner`)).length === 1, 'one conversation only');
    expect(await orphans(admin, keyPrefix)).toEqual([]);
    expect(await admin.zcard(`${keyPrefix}user:{anonymous}:streams`)).toBe(0);
  });
});
