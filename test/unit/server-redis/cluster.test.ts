/**
 * The Redis store on a real 3-node Redis Cluster, started by this test (three
 * `redis-server --cluster-enabled yes` on free ports, joined by `redis-cli --cluster
 * create`). Nothing is skipped: if the cluster cannot start, the test fails and says why.
 */
import { Cluster } from 'ioredis';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { createRedisStore } from '../../../src/server/redis/createRedisStore';
import { startRedisCluster, type TestRedisCluster } from '../../support/redis';
import { cancelRequest, readEvents, startRequest, textOf } from '../server/sseTestKit';
import { delta, eventually, freshPrefix, init } from './helpers';

const BASE = 'http://chat.test';
let cluster: TestRedisCluster;
let admin: Cluster;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
  admin = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
}, 90_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await admin?.quit();
  await cluster?.stop();
});

function clusterStore(keyPrefix: string) {
  const client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
  client.on('error', () => undefined);
  const store = createRedisStore({ redis: client, keyPrefix });
  cleanups.push(() => client.quit(), () => store.close());
  return store;
}

/** The nodes (by port) holding at least one key matching `pattern`. */
async function nodesWithKeys(pattern: string): Promise<number[]> {
  const found: number[] = [];
  for (const node of admin.nodes('master')) {
    if ((await node.keys(pattern)).length > 0) found.push(Number(node.options.port));
  }
  return found;
}

describe('createRedisStore on a 3-node Redis Cluster', () => {
  it('keeps each conversation in one slot, spreads conversations over the nodes, and delivers live across two stores', async () => {
    const prefix = freshPrefix();
    const a = clusterStore(prefix);
    const b = clusterStore(prefix);
    for (let i = 0; i < 24; i++) {
      expect((await a.beginStream(init(`c${i}`, `s${i}`), { create: true })).ok).toBe(true);
      await a.append(`c${i}`, delta('x'));
      await a.endStream(`c${i}`, `s${i}`);
    }
    // Every key of c0 hashes to one slot (the hash tag), and the conversations landed on several nodes.
    const keysOfC0 = await Promise.all(['owner', 'seq', 'log', 'active', 'msgs'].map((what) => admin.cluster('KEYSLOT', `${prefix}conv:{c0}:${what}`)));
    expect(new Set(keysOfC0).size).toBe(1);
    expect((await nodesWithKeys(`${prefix}conv:*`)).length).toBeGreaterThan(1);

    const seen: number[] = [];
    const stop = await b.subscribe('c5', 0, { onEvent: (e) => void seen.push(e.seq) });
    const seqs = await Promise.all([1, 2, 3, 4, 5].map((i) => a.append('c5', delta(String(i)))));
    expect(seqs).toEqual([2, 3, 4, 5, 6]); // concurrent appends: seqs in call order, batched
    await eventually(() => seen.length === 6, 'six events on the other store');
    stop();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('serves the chat routes: start, resume on another replica, per-user limit across slots, cancel, history', async () => {
    const prefix = freshPrefix();
    const model = createMockModel({ delayMs: 3 });
    const handlers: ChatHandler[] = [
      createChatHandler({ store: clusterStore(prefix), model, maxConcurrentStreamsPerUser: 2, heartbeatMs: 60_000 }),
      createChatHandler({ store: clusterStore(prefix), model, maxConcurrentStreamsPerUser: 2, heartbeatMs: 60_000 }),
    ];
    cleanups.push(() => Promise.all(handlers.map((h) => h.close())));
    const [a, b] = handlers as [ChatHandler, ChatHandler];

    const quick = await a(startRequest(BASE, { message: { text: 'hello there' } }));
    const id = quick.headers.get('x-chatwire-conversation-id') as string;
    const first = await readEvents(quick.body, 4);
    const rest = await b(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { 'Last-Event-ID': String(first.at(-1)?.id) } }));
    const all = [...first, ...(await readEvents(rest.body))];
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)?.type).toBe('done');

    const long1 = await a(startRequest(BASE, { message: { text: 'write something long' } }));
    const long2 = await b(startRequest(BASE, { message: { text: 'write something long too' } }));
    const third = await a(startRequest(BASE, { message: { text: 'and a third' } }));
    expect([long1.status, long2.status, third.status]).toEqual([200, 200, 429]);
    const longId = long1.headers.get('x-chatwire-conversation-id') as string;
    const cancelled = await b(cancelRequest(BASE, longId));
    expect(await cancelled.json()).toMatchObject({ cancelled: true });
    expect((await readEvents(long1.body)).at(-1)?.type).toBe('cancelled');
    await b(cancelRequest(BASE, long2.headers.get('x-chatwire-conversation-id')));
    await readEvents(long2.body);

    const history = (await (await b(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: { role: string }[] };
    expect(history.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(textOf(all).length).toBeGreaterThan(10);
  });
});
