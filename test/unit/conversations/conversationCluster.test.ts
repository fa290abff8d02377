/**
 * The conversation list on a real 3-node Redis Cluster: every script of a user's list
 * touches one slot (the user's hash tag), so list, rename, delete and the user-events
 * stream work there as on one server.
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSSE } from '../../../src/core/sse/readSSE';
import { createChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { createRedisStore } from '../../../src/server/redis/createRedisStore';
import { startRedisCluster, type TestRedisCluster } from '../../support/redis';
import { readEvents, startRequest } from '../server/sseTestKit';

const BASE = 'http://chat.test';
let cluster: TestRedisCluster;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 90_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await cluster?.stop();
});

it('lists, renames, deletes and streams a user\'s conversations on a Redis Cluster, the user\'s keys in one slot', async () => {
  const client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
  client.on('error', () => undefined);
  const prefix = `convcluster${process.pid}:`;
  const store = createRedisStore({ redis: client, keyPrefix: prefix });
  const chat = createChatHandler({ store, model: createMockModel({ delayMs: 0 }), authorize: () => ({ userId: 'ada' }) });
  cleanups.push(() => client.quit(), () => store.close(), () => chat.close());

  const ids: string[] = [];
  for (const text of ['hello first', 'hello second', 'hello third']) {
    const res = await chat(startRequest(BASE, { message: { text } }));
    ids.push(res.headers.get('x-chatwire-conversation-id') as string);
    await readEvents(res.body);
  }
  await chat.settled();
  const renamed = await chat(new Request(`${BASE}/api/chat/conversations/${ids[0]}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"title":"Kept"}' }));
  expect(renamed.status).toBe(200);
  expect((await chat(new Request(`${BASE}/api/chat/conversations/${ids[1]}`, { method: 'DELETE' }))).status).toBe(200);
  const body = (await (await chat(new Request(`${BASE}/api/chat/conversations`))).json()) as { conversations: { conversationId: string; title: string }[]; lastSeq: number };
  expect(body.conversations.map((c) => c.conversationId)).toEqual([ids[2], ids[0]]);
  expect(body.conversations[1]?.title).toBe('Kept');

  const abort = new AbortController();
  const res = await chat(new Request(`${BASE}/api/chat/conversations/events`, { headers: { 'last-event-id': String(body.lastSeq - 1) }, signal: abort.signal }));
  for await (const m of readSSE(res.body as ReadableStream<Uint8Array>)) {
    expect(Number(m.id)).toBe(body.lastSeq);
    break;
  }
  abort.abort();
  const slots = await Promise.all(['convs', 'recent', 'log', 'seq'].map((what) => client.cluster('KEYSLOT', `${prefix}user:{ada}:${what}`)));
  expect(new Set(slots).size).toBe(1);
}, 60_000);
