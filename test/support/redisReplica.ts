/**
 * One chatwire server replica for multi-process tests: `createChatHandler` on a Redis
 * store, served by `node:http` on 127.0.0.1 (a free port). Run with
 * `node --import tsx test/support/redisReplica.ts` and env `REDIS_URL`, `KEY_PREFIX`.
 *
 * Prints `listening <port>` once serving, and `model-aborted` each time the mock model's
 * call was stopped by its abort signal. SIGTERM closes everything and exits 0.
 */
import { createServer } from 'node:http';
import { createChatHandler } from '../../src/server/handler/createChatHandler';
import { createMockModel } from '../../src/server/models/mock';
import { toNodeHandler } from '../../src/server/node/toNodeHandler';
import { createRedisStore } from '../../src/server/redis/createRedisStore';
import type { ModelSource } from '../../src/server/types';

const url = process.env.REDIS_URL;
if (!url) throw new Error('redisReplica: set REDIS_URL (e.g. redis://127.0.0.1:6379)');
const store = createRedisStore({ url, keyPrefix: process.env.KEY_PREFIX ?? 'chatwire:' });
const mock = createMockModel({ delayMs: Number(process.env.DELAY_MS ?? 2) });
const model: ModelSource & { tools: typeof mock.tools } = {
  name: mock.name,
  tools: mock.tools,
  async *stream(request) {
    yield* mock.stream(request);
    if (request.signal.aborted) process.stdout.write('model-aborted\n');
  },
};
const handler = createChatHandler({ store, model });
const server = createServer(toNodeHandler(handler));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});

process.once('SIGTERM', () => {
  void (async () => {
    server.closeAllConnections();
    server.close();
    await handler.close();
    await store.close();
    process.exit(0);
  })();
});
