import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createChatHandler, type ChatHandler } from '../../src/server/handler/createChatHandler';
import type { ChatHandlerOptions } from '../../src/server/handler/ChatHandlerOptions';
import { createRedisStore } from '../../src/server/redis/createRedisStore';
import type { RedisStoreOptions } from '../../src/server/redis/RedisStoreOptions';
import { createMemoryStore } from '../../src/server/store/createMemoryStore';
import type { ConversationStore } from '../../src/server/store/ConversationStore';
import { startRedis, type StartRedisOptions, type TestRedis } from './redis';

/** A Redis store as `createRedisStore` returns it. */
export type TestRedisStore = ReturnType<typeof createRedisStore>;

/** Where a case keeps its conversations: the memory store, or a real Redis. */
export type StoreKind = 'memory' | 'redis';

let prefixes = 0;
/** A Redis key prefix no other test of the run uses. */
export const freshPrefix = (): string => `t${process.pid}-${++prefixes}:`;

/** Options of {@link redisSuite}. */
export interface RedisSuiteOptions extends StartRedisOptions {
  /** A fresh redis-server for every test (for tests that kill or restart it). Default: one for the file. */
  each?: boolean;
  /** An ioredis client on the server, to look at keys ({@link RedisSuite.admin}). Default `false`. */
  admin?: boolean;
  /** Cleanups that fail do not fail the test (the test took Redis away). Default `false`. */
  ignoreCleanupErrors?: boolean;
}

/** A test file's redis-server, with what its tests open on it closed after each test. */
export interface RedisSuite extends TestRedis {
  /** The ioredis client of {@link RedisSuiteOptions.admin}. */
  readonly admin: Redis;
  /** Stops the server and starts another in its place, with `options` (e.g. `persistent`). */
  replace(options?: StartRedisOptions): Promise<void>;
  /** Runs `fns` after the current test, the last registered first. */
  cleanup(...fns: (() => Promise<unknown>)[]): void;
  /** A Redis store with its own connections on a fresh key prefix (or `options.keyPrefix`); closed after the test. */
  store(options?: Partial<RedisStoreOptions>): TestRedisStore;
  /**
   * The store of replicas: with `'memory'` the same memory store on every call (one process);
   * with `'redis'` a new Redis store (its own connections) on one fresh key prefix per factory.
   */
  sharedStore(kind: StoreKind, options?: Partial<RedisStoreOptions>): () => ConversationStore;
  /** A chat handler, closed after the test. */
  handler(options: ChatHandlerOptions): ChatHandler;
}

/**
 * The setup of a test file on a real Redis, in one call at its top: starts a private
 * redis-server (test/support/redis.ts) before the file's tests (or each test with `each`),
 * runs the cleanups of every test after it, and stops the server at the end.
 *
 * @example
 * ```ts
 * const redis = redisSuite();
 * it('keeps the log', async () => {
 *   const store = redis.store({ maxEventsPerLog: 100 });
 *   expect(await store.append('c1', { type: 'text-delta', delta: 'a' })).toBe(1);
 * });
 * ```
 */
export function redisSuite(options: RedisSuiteOptions = {}): RedisSuite {
  const { each = false, admin: wantAdmin = false, ignoreCleanupErrors = false, ...redisOptions } = options;
  let server: TestRedis | undefined;
  let admin: Redis | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];

  const ready = (): TestRedis => {
    if (!server) throw new Error('redisSuite: the redis-server is ready inside tests and hooks, after the suite\'s beforeAll (or beforeEach with `each`).');
    return server;
  };
  const start = async (startOptions: StartRedisOptions = redisOptions): Promise<void> => {
    server = await startRedis(startOptions);
    if (wantAdmin) admin = new Redis(server.url);
  };
  const stop = async (): Promise<void> => {
    await admin?.quit().catch(() => undefined);
    admin = undefined;
    await server?.stop();
  };
  const runCleanups = async (): Promise<void> => {
    let failure: unknown;
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => {
        failure ??= error;
      });
    }
    if (failure !== undefined && !ignoreCleanupErrors) throw failure;
  };

  (each ? beforeEach : beforeAll)(() => start());
  afterEach(async () => {
    try {
      await runCleanups();
    } finally {
      if (each) await stop();
    }
  });
  if (!each) afterAll(stop);

  const store = (storeOptions: Partial<RedisStoreOptions> = {}): TestRedisStore => {
    const created = createRedisStore({ url: ready().url, ...storeOptions, keyPrefix: storeOptions.keyPrefix ?? freshPrefix() });
    cleanups.push(() => created.close());
    return created;
  };

  return {
    get port() {
      return ready().port;
    },
    get url() {
      return ready().url;
    },
    get admin() {
      ready();
      if (!admin) throw new Error('redisSuite: `admin` is there with redisSuite({ admin: true }).');
      return admin;
    },
    stop: () => ready().stop(),
    kill: () => ready().kill(),
    restart: () => ready().restart(),
    async replace(replaceOptions = {}) {
      ready();
      await stop();
      await start(replaceOptions);
    },
    cleanup: (...fns) => void cleanups.push(...fns),
    store,
    sharedStore(kind, storeOptions = {}) {
      if (kind === 'memory') {
        const memory = createMemoryStore();
        return () => memory;
      }
      const keyPrefix = storeOptions.keyPrefix ?? freshPrefix();
      return () => store({ ...storeOptions, keyPrefix });
    },
    handler(handlerOptions) {
      const chat = createChatHandler(handlerOptions);
      cleanups.push(() => chat.close());
      return chat;
    },
  };
}
