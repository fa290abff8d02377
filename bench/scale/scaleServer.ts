/**
 * The handler process of bench/chatScale.bench.ts: one createChatHandler over node:http
 * with the Redis store (REDIS_URL), and a model that writes TOKENS deltas per generation at
 * TOKENS_PER_SECOND, each carrying the time it was written (epoch ms, sub-ms). Every
 * generation holds its first token until a `GO` line arrives on stdin (the bench sends it
 * once every stream and follower is attached), then starts at a random point of its first
 * token interval, so the streams run together, out of phase. Prints
 * `PORT <n>` once listening, then every 250 ms
 * `STAT <rss bytes> <cpu µs, user + system> <cpu µs, system> <GC pauses, total ms> <longest GC pause since the last STAT, ms> <GC pauses, count> <event-loop delay since GO: p99 ms> <max ms>`.
 */
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import type { ChatEvent } from '../../src/core/events';
import { createChatHandler } from '../../src/server/handler/createChatHandler';
import { toNodeHandler } from '../../src/server/node/toNodeHandler';
import { createRedisStore } from '../../src/server/redis/createRedisStore';
import type { ModelSource } from '../../src/server/types';

const tokens = Number(process.env.TOKENS ?? 500);
const interval = 1000 / Number(process.env.TOKENS_PER_SECOND ?? 50);
const now = (): number => performance.timeOrigin + performance.now();

/** This process's event-loop delay from the bench's `GO` on. */
const loop = monitorEventLoopDelay({ resolution: 5 });
/** Resolves at the bench's `GO`. */
const go = new Promise<void>((resolve) => {
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line !== 'GO') return;
    loop.enable();
    resolve();
  });
});

/**
 * The model's clock: one timer for all generations, waking every one whose next token is
 * due in the millisecond it fires (as tokens of many streams arrive from the network
 * together), not a timer per token.
 */
const due = new Map<number, (() => void)[]>();
let armed: { at: number; timer: ReturnType<typeof setTimeout> } | undefined;
function arm(at: number): void {
  if (armed) {
    if (armed.at <= at) return;
    clearTimeout(armed.timer);
  }
  armed = { at, timer: setTimeout(fire, Math.max(0, at - now())) };
}
function fire(): void {
  armed = undefined;
  const t = now();
  let next = Infinity;
  for (const [at, wakes] of due) {
    if (at > t) {
      next = Math.min(next, at);
      continue;
    }
    due.delete(at);
    for (const wake of wakes) wake();
  }
  if (next < Infinity) arm(next);
}
/** Resolves at `at` (epoch ms), within the millisecond. */
function until(at: number): Promise<void> {
  const slot = Math.ceil(at);
  return new Promise((resolve) => {
    const wakes = due.get(slot);
    if (wakes) wakes.push(resolve);
    else due.set(slot, [resolve]);
    arm(slot);
  });
}

const paced: ModelSource = {
  name: 'paced',
  async *stream({ signal }) {
    await go;
    const start = now() + Math.random() * interval - interval;
    for (let i = 0; i < tokens && !signal.aborted; i++) {
      const at = start + (i + 1) * interval;
      if (at > now()) await until(at);
      yield { type: 'text-delta', delta: `${now().toFixed(3)} ` } as ChatEvent;
    }
  },
};

const store = createRedisStore({ url: process.env.REDIS_URL as string, keyPrefix: 'scale:' });
const handler = createChatHandler({
  store,
  model: paced,
  tools: [],
  heartbeatMs: 15_000,
  maxConcurrentStreamsPerUser: 10,
  authorize: (request) => ({ userId: request.headers.get('x-user') ?? 'anonymous' }),
});
/** Garbage-collection pauses of this process (the main thread stops for each). */
const gc = { total: 0, max: 0, count: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.total += entry.duration;
    gc.max = Math.max(gc.max, entry.duration);
    gc.count++;
  }
}).observe({ entryTypes: ['gc'] });
process.stdout.on('error', () => process.exit(0)); // the bench went away
const server = createServer(toNodeHandler(handler));
server.listen(0, '127.0.0.1', () => {
  console.log(`PORT ${(server.address() as AddressInfo).port}`);
  setInterval(() => {
    const cpu = process.cpuUsage();
    const p99 = loop.count > 0 ? loop.percentile(99) / 1e6 : 0;
    const max = loop.count > 0 ? loop.max / 1e6 : 0;
    console.log(`STAT ${process.memoryUsage().rss} ${cpu.user + cpu.system} ${cpu.system} ${gc.total.toFixed(1)} ${gc.max.toFixed(1)} ${gc.count} ${p99.toFixed(1)} ${max.toFixed(1)}`);
    gc.max = 0;
  }, 250).unref();
});
/**
 * ALLOC_PROFILE=<file>: samples every allocation (collected ones too) from the bench's GO
 * to the end and writes the profile there (.heapprofile: what allocates, not what stays).
 */
const allocProfile = process.env.ALLOC_PROFILE;
let stopSampling = async (): Promise<void> => undefined;
if (allocProfile) {
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  void go.then(() => post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }));
  stopSampling = async () => {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(allocProfile, JSON.stringify(profile));
  };
}
process.on('SIGTERM', () => {
  server.closeAllConnections();
  void stopSampling()
    .catch((error: unknown) => console.error('could not write the allocation profile:', error))
    .then(() => handler.close())
    .then(() => store.close())
    .then(() => process.exit(0));
});
