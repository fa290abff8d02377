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
import type { AddressInfo } from 'node:net';
import type { ChatEvent } from '../../src/core/events';
import { createChatHandler } from '../../src/server/handler/createChatHandler';
import { toNodeHandler } from '../../src/server/node/toNodeHandler';
import { createRedisStore } from '../../src/server/redis/createRedisStore';
import type { ModelSource } from '../../src/server/types';
import { go, now, reportStats, until } from './processKit';

const tokens = Number(process.env.TOKENS ?? 500);
const interval = 1000 / Number(process.env.TOKENS_PER_SECOND ?? 50);

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
const server = createServer(toNodeHandler(handler));
server.listen(0, '127.0.0.1', () => reportStats((server.address() as AddressInfo).port));
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
