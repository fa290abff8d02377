/**
 * The Redis store next to the memory store, in one run, on a private redis-server:
 * - append: sequential appends (each awaited: one round trip each), events/s;
 * - batched append: what generations issue (64 unconfirmed appends each), for one
 *   conversation and for 100 at once, side by side with a bare pipelined XADD loop on the
 *   same redis-server (goal: at least half its rate);
 * - live delivery: append on replica A -> subscriber on replica B, latency p50 / p99;
 * - replay: subscribe after seq 0 to a 10 000-event log (a resume), ms until all delivered.
 * Run: npm run bench -- redis   (or npx tsx bench/redisStore.bench.ts)
 */
import type { ChatEvent } from '../src/core/events';
import { createRedisStore } from '../src/server/redis/createRedisStore';
import { createMemoryStore } from '../src/server/store/createMemoryStore';
import type { ConversationStore } from '../src/server/store/ConversationStore';
import { Redis } from 'ioredis';
import { startRedis } from '../test/support/redis';

const APPENDS = 5000;
const LATENCY_SAMPLES = 2000;
const REPLAY = 10_000;
const delta = (i: number): ChatEvent => ({ type: 'text-delta', delta: ` word${i}` });

async function appendRate(store: ConversationStore, id: string): Promise<number> {
  await store.createConversation(id, 'u');
  const t = performance.now();
  for (let i = 0; i < APPENDS; i++) await store.append(id, delta(i));
  return APPENDS / ((performance.now() - t) / 1000);
}

const BATCHED = 100_000;
const WINDOW = 64;

/** `writers` generations appending BATCHED events in all, each with up to WINDOW unconfirmed. */
async function batchedRate(store: ConversationStore, prefix: string, writers: number): Promise<number> {
  for (let w = 0; w < writers; w++) await store.createConversation(`${prefix}-${w}`, 'u');
  const perWriter = BATCHED / writers;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const inFlight = new Set<Promise<number>>();
      for (let i = 0; i < perWriter; i++) {
        const p = store.append(`${prefix}-${w}`, delta(i));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        if (inFlight.size >= WINDOW) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }),
  );
  return BATCHED / ((performance.now() - t) / 1000);
}

/** The bare loop: XADD `<seq>-0` of the same event JSON, pipelined 1,000 at a time, no script, no pub/sub. */
async function bareXaddRate(url: string): Promise<number> {
  const redis = new Redis(url);
  const json = JSON.stringify(delta(1));
  const t = performance.now();
  for (let done = 0; done < BATCHED; done += 1000) {
    const pipeline = redis.pipeline();
    for (let i = 1; i <= 1000; i++) pipeline.xadd('bare:log', 'MAXLEN', '~', '20000', `${done + i}-0`, 'e', json);
    await pipeline.exec();
  }
  const rate = BATCHED / ((performance.now() - t) / 1000);
  await redis.quit();
  return rate;
}

async function latency(writer: ConversationStore, reader: ConversationStore, id: string): Promise<{ p50: number; p99: number }> {
  await writer.createConversation(id, 'u');
  const sentAt = new Map<number, number>();
  const samples: number[] = [];
  let wake: (() => void) | undefined;
  const stop = await reader.subscribe(id, 0, {
    onEvent: ({ seq }) => {
      const t = sentAt.get(seq);
      if (t !== undefined) samples.push(performance.now() - t);
      wake?.();
    },
  });
  for (let i = 1; i <= LATENCY_SAMPLES; i++) {
    const arrived = new Promise<void>((resolve) => (wake = resolve));
    sentAt.set(i, performance.now());
    await writer.append(id, delta(i));
    await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
  stop();
  if (samples.length !== LATENCY_SAMPLES) throw new Error(`delivered ${samples.length} of ${LATENCY_SAMPLES} events`);
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length * 0.5)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

async function replay(writer: ConversationStore, reader: ConversationStore, id: string): Promise<number> {
  await writer.createConversation(id, 'u');
  for (let i = 0; i < REPLAY; i++) await writer.append(id, delta(i));
  const t = performance.now();
  let n = 0;
  const stop = await reader.subscribe(id, 0, { onEvent: () => void n++ });
  const ms = performance.now() - t;
  stop();
  if (n !== REPLAY) throw new Error(`replayed ${n} of ${REPLAY} events`);
  return ms;
}

const server = await startRedis();
try {
  const memory = createMemoryStore({ maxEventsPerLog: 20_000, maxConversationsPerUser: 1000 });
  const a = createRedisStore({ url: server.url, keyPrefix: 'bench:', maxEventsPerLog: 20_000 });
  const b = createRedisStore({ url: server.url, keyPrefix: 'bench:', maxEventsPerLog: 20_000 });
  await a.lastSeq('warm-up');
  await b.lastSeq('warm-up');

  const rows: [string, string, string][] = [];
  const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  rows.push(['append, events/s (sequential)', fmt(await appendRate(memory, 'm-append')), fmt(await appendRate(a, 'r-append'))]);
  const bare = await bareXaddRate(server.url);
  const one = await batchedRate(a, 'r-one', 1);
  const hundred = await batchedRate(a, 'r-hundred', 100);
  rows.push(['append, events/s (1 generation, 64 in flight)', fmt(await batchedRate(memory, 'm-one', 1)), fmt(one)]);
  rows.push(['append, events/s (100 generations at once)', fmt(await batchedRate(memory, 'm-hundred', 100)), fmt(hundred)]);
  rows.push(['bare pipelined XADD loop, events/s', '', fmt(bare)]);
  rows.push(['redis store / bare XADD (goal >= 0.5)', '', `${(one / bare).toFixed(2)} / ${(hundred / bare).toFixed(2)}`]);
  const memLatency = await latency(memory, memory, 'm-latency');
  const redisLatency = await latency(a, b, 'r-latency');
  rows.push(['live delivery p50, ms (A -> B for Redis)', fmt(memLatency.p50, 3), fmt(redisLatency.p50, 3)]);
  rows.push(['live delivery p99, ms', fmt(memLatency.p99, 3), fmt(redisLatency.p99, 3)]);
  rows.push([`replay ${fmt(REPLAY)} events on subscribe, ms`, fmt(await replay(memory, memory, 'm-replay'), 1), fmt(await replay(a, b, 'r-replay'), 1)]);

  console.log(`Redis store vs memory store (redis-server on 127.0.0.1, ${APPENDS} sequential and ${BATCHED} batched appends, ${LATENCY_SAMPLES} latency samples)\n`);
  const widths = [50, 16, 16];
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('');
  console.log(line(['', 'memory store', 'redis store']));
  for (const row of rows) console.log(line(row));
  await a.close();
  await b.close();
  await memory.close?.();
} finally {
  await server.stop();
}
