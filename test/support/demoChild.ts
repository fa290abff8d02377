// Child-process entry of startDemoProcess(): one demo server "replica" on a shared Redis.
// Run with `node --import tsx`; talks to the parent over the IPC channel.
import { startDemoServer } from '../../demo/server';
import { createMockModel, createRedisStore, type MockModelOptions } from '../../src/server/index';

/** What the parent passes (as JSON in `CHATWIRE_DEMO_CHILD`). */
export interface DemoChildConfig {
  /** The built page. */
  staticDir: string;
  /** Shared Redis, e.g. `redis://127.0.0.1:6390`. */
  redisUrl: string;
  /** Key prefix, so test runs never see each other's data. */
  keyPrefix: string;
  /** Mock model settings (speed, faults). */
  mock?: MockModelOptions;
}

/** The mock model's counters, as reported to the parent. */
export interface MockModelStats {
  calls: number;
  aborts: number;
  abortRecords: Array<{ abortedAt: number; stoppedAt: number; eventsAfterAbort: number }>;
}

export type DemoChildRequest = { type: 'stats' } | { type: 'close' };
export type DemoChildReply =
  | { type: 'ready'; url: string }
  | { type: 'stats'; stats: MockModelStats }
  | { type: 'failed'; message: string };

async function main(): Promise<void> {
  const raw = process.env.CHATWIRE_DEMO_CHILD;
  if (!raw || !process.send) {
    throw new Error('demoChild.ts is started by startDemoProcess() (test/support/demoProcess.ts) with an IPC channel and CHATWIRE_DEMO_CHILD set.');
  }
  const reply = (message: DemoChildReply): void => void process.send?.(message);
  const config = JSON.parse(raw) as DemoChildConfig;
  const model = createMockModel(config.mock);
  const store = createRedisStore({ url: config.redisUrl, keyPrefix: config.keyPrefix });
  const demo = await startDemoServer({ port: 0, staticDir: config.staticDir, model, store });
  process.on('message', (message: DemoChildRequest) => {
    if (message.type === 'stats') {
      reply({ type: 'stats', stats: { calls: model.calls, aborts: model.aborts, abortRecords: [...model.abortRecords] } });
    } else if (message.type === 'close') {
      void demo
        .close()
        .then(() => store.close())
        .finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  reply({ type: 'ready', url: demo.url });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.send?.({ type: 'failed', message } satisfies DemoChildReply);
  console.error(message);
  process.exit(1);
});
