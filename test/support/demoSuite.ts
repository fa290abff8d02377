import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../demo/server';
import { createMockModel, createRedisStore, type MockModel, type MockModelOptions } from '../../src/server/index';
import { openDemo } from './chatPage';
import { launchChromium } from './chromium';
import { ensureDemoBuilt } from './demoBuild';
import { startDemoProcess, type DemoProcess } from './demoProcess';
import { startRedis, type StartRedisOptions, type TestRedis } from './redis';

/** Options of one demo server of a {@link demoSuite}. */
export interface DemoSuiteServerOptions {
  /** Its mock model (speed, tool delay, faults). Default: the mock's own defaults. */
  mock?: MockModelOptions;
  /** Its other options (`maxStreamsPerUser`, `faults`, `onApiRequest`, ...). */
  server?: Omit<DemoServerOptions, 'port' | 'host' | 'staticDir' | 'model'>;
}

/** Options of {@link demoSuite}. */
export interface DemoSuiteOptions extends DemoSuiteServerOptions {
  /**
   * A private redis-server for the suite (`true`, or its options): the demo server keeps its
   * conversations in a Redis store on a fresh key prefix. Default: none (the memory store).
   */
  redis?: boolean | StartRedisOptions;
  /**
   * Instead of one server in this process: this many demo servers, each in its own Node
   * process with its own mock (`mock`), sharing the suite's Redis (implied): replicas of one app.
   */
  replicas?: number;
  /** Extra Chromium flags, after those of `launchChromium`. */
  chromiumArgs?: string[];
}

/** What a {@link demoSuite} started; read it inside hooks and tests (it is ready after `beforeAll`). */
export interface DemoSuite {
  /** Chromium, shared by the suite's tests. */
  readonly browser: Browser;
  /** The built demo page the servers serve. */
  readonly staticDir: string;
  /** The demo server (in this process; not with `replicas`). */
  readonly demo: DemoServer;
  /** Its mock model, with its counters (not with `replicas`). */
  readonly model: MockModel;
  /** The page to open: the demo server's URL, or the first replica's. */
  readonly url: string;
  /** The replicas (with `replicas` only). */
  readonly replicas: DemoProcess[];
  /** The suite's redis-server (with `redis` or `replicas` only). */
  readonly redis: TestRedis;
  /** The Redis key prefix of this suite's conversations (with `redis` or `replicas` only). */
  readonly keyPrefix: string;
  /** Starts another demo server in this process on the same build; it closes with the suite. */
  startDemo(options?: DemoSuiteServerOptions): Promise<DemoServer & { model: MockModel }>;
  /** A fresh browser context (another device, another demo user); it closes after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /**
   * Opens `url` (resolved against {@link DemoSuite.url}: `'?c=<id>'`, a sign-in link, another
   * server's URL; default the demo itself) in `context` (default: a fresh one) and waits for the widget.
   */
  open(url?: string, context?: BrowserContext): Promise<Page>;
  /** Opens the demo in `context` and waits for the widget. */
  open(context: BrowserContext): Promise<Page>;
}

/**
 * The setup of an e2e test of the demo in Chromium, in one call inside its `describe`: builds
 * the demo page (once per inputs), starts the demo server with a mock model (or replicas on a
 * private Redis), launches Chromium, and cleans up: every context the tests opened through
 * the suite after each test, and everything else after the suite.
 *
 * @example
 * ```ts
 * describe('e2e: Stop', () => {
 *   const e2e = demoSuite({ mock: { delayMs: 10 } });
 *   it('stops', async () => {
 *     const page = await e2e.open();
 *     await sendPrompt(page, 'Write something long');
 *     expect(e2e.model.calls).toBe(1);
 *   });
 * });
 * ```
 */
export function demoSuite(options: DemoSuiteOptions = {}): DemoSuite {
  let browser: Browser | undefined;
  let staticDir: string | undefined;
  let demo: (DemoServer & { model: MockModel }) | undefined;
  let redis: TestRedis | undefined;
  let store: ReturnType<typeof createRedisStore> | undefined;
  let replicas: DemoProcess[] | undefined;
  const keyPrefix = `e2e-${randomUUID()}:`;
  const servers: DemoServer[] = [];
  const contexts: BrowserContext[] = [];

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(`demoSuite: ${what} is not there: it is ready inside tests and hooks after the suite's beforeAll, and only with the options that start it (received ${JSON.stringify(options)}).`);
    }
    return value;
  };

  const startDemo = async (server: DemoSuiteServerOptions = {}): Promise<DemoServer & { model: MockModel }> => {
    const model = createMockModel(server.mock);
    const started = await startDemoServer({ ...server.server, ...(store ? { store } : {}), port: 0, staticDir: ready(staticDir, 'staticDir'), model });
    servers.push(started);
    return { ...started, model };
  };

  beforeAll(async () => {
    staticDir = await ensureDemoBuilt();
    if (options.redis || options.replicas) redis = await startRedis(typeof options.redis === 'object' ? options.redis : {});
    if (options.replicas) {
      const config = { staticDir, redisUrl: redis!.url, keyPrefix, ...(options.mock ? { mock: options.mock } : {}) };
      replicas = await Promise.all(Array.from({ length: options.replicas }, () => startDemoProcess(config)));
    } else {
      if (redis) store = createRedisStore({ url: redis.url, keyPrefix });
      demo = await startDemo(options);
    }
    browser = await launchChromium(options.chromiumArgs);
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([...servers.splice(0).map((s) => s.close()), ...(replicas ?? []).map((r) => r.close())]);
    await store?.close();
    await redis?.stop();
  });

  const newContext = async (contextOptions?: BrowserContextOptions): Promise<BrowserContext> => {
    const context = await ready(browser, 'browser').newContext(contextOptions);
    contexts.push(context);
    return context;
  };

  return {
    get browser() {
      return ready(browser, 'browser');
    },
    get staticDir() {
      return ready(staticDir, 'staticDir');
    },
    get demo() {
      return ready(demo, 'demo');
    },
    get model() {
      return ready(demo, 'demo').model;
    },
    get url() {
      return demo?.url ?? ready(replicas?.[0], 'url').url;
    },
    get replicas() {
      return ready(replicas, 'replicas');
    },
    get redis() {
      return ready(redis, 'redis');
    },
    get keyPrefix() {
      ready(redis, 'redis');
      return keyPrefix;
    },
    startDemo,
    newContext,
    async open(target?: string | BrowserContext, context?: BrowserContext): Promise<Page> {
      const [url, into] = typeof target === 'object' ? ['', target] : [target ?? '', context];
      return openDemo(into ?? (await newContext()), new URL(url, ready(demo?.url ?? replicas?.[0]?.url, 'url')).href);
    },
  };
}
