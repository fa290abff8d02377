import type { Cluster, Redis } from 'ioredis';
import { StoreError } from '../store/StoreError';
import { ChannelHub } from './ChannelHub';
import type { RedisStoreOptions } from './RedisStoreOptions';
import { messageOf } from '../../core/messageOf';

/** The store's two connections: commands, and pub/sub (shared by every listener). */
export interface RedisConnection {
  redis: Redis | Cluster;
  subscriber: Redis | Cluster;
  hub: ChannelHub;
  /** Whether the store opened `redis` itself (from a URL) and must quit it. */
  owned: boolean;
  /** Throws `store_unavailable` at once when the command connection is down (no queueing). */
  check(): void;
  /**
   * Resolves once the command connection is up (at once when it is); rejects with
   * `store_unavailable` when it is still down after `timeoutMs`.
   */
  whenReady(timeoutMs: number): Promise<void>;
}

/** Uses the client passed in, or loads ioredis and connects to the URL; duplicates it for pub/sub. */
export async function openRedisConnection(
  options: Pick<RedisStoreOptions, 'redis' | 'url'>,
  unavailableAfterMs: number,
  /** Runs on every `ready` of the command connection (its first connect, and each reconnect). */
  onReady: (redis: Redis | Cluster) => void,
): Promise<RedisConnection> {
  const redis = (options.redis as Redis | Cluster | undefined) ?? (await connectUrl(options.url as string));
  // A single node's subscriber does not resubscribe by itself: ioredis' automatic
  // re-SUBSCRIBE rejects unhandled when the connection closes again before it is confirmed.
  // The hub resubscribes instead. (A Cluster's subscriber resubscribes on its own.)
  const single = !redis.isCluster;
  const subscriber = single ? (redis as Redis).duplicate({ autoResubscribe: false }) : redis.duplicate();
  const owned = options.redis === undefined;
  // Connections this store made must not log "Unhandled error event" while Redis is down.
  if (owned) redis.on('error', () => undefined);
  let wasReady = redis.status === 'ready';
  const waiting = new Set<() => void>();
  redis.on('ready', () => {
    wasReady = true;
    for (const resume of [...waiting]) resume();
    onReady(redis);
  });
  const down = (): boolean => wasReady && redis.status !== 'ready';
  /** Resolves once the command connection is up; rejects when it is still down after `timeoutMs`. */
  const whenReady = (timeoutMs: number): Promise<void> => {
    if (!down()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const resume = (): void => {
        clearTimeout(timer);
        waiting.delete(resume);
        resolve();
      };
      const timer = setTimeout(() => {
        waiting.delete(resume);
        reject(new StoreError('store_unavailable', `The Redis store lost its connection to Redis and did not get it back within ${timeoutMs} ms, so this stream cannot go on. The answer may be incomplete: retry in a moment.`));
      }, timeoutMs);
      timer.unref?.();
      waiting.add(resume);
    });
  };
  return {
    redis,
    subscriber,
    hub: new ChannelHub(subscriber, unavailableAfterMs, single, () => whenReady(unavailableAfterMs)),
    owned,
    check() {
      if (down()) throw new StoreError('store_unavailable', `The Redis store is not connected to Redis (its connection is ${redis.status})`);
    },
    whenReady,
  };
}

/** Quits the pub/sub connection, and the command connection when the store owns it. */
export async function closeRedisConnection(connection: RedisConnection): Promise<void> {
  await quit(connection.subscriber);
  if (connection.owned) await quit(connection.redis);
}

async function connectUrl(url: string): Promise<Redis> {
  let module: typeof import('ioredis');
  try {
    module = await import('ioredis');
  } catch (error) {
    throw new Error(
      `createRedisStore: { url } needs the "ioredis" package, which could not be loaded (${
        messageOf(error)
      }). Install it (npm i ioredis) or pass a client as { redis }.`,
    );
  }
  const RedisClient = module.Redis ?? module.default;
  // Commands caught by a disconnect are retried once, not 20 times: callers fail fast.
  return new RedisClient(url, { maxRetriesPerRequest: 1 });
}

async function quit(redis: Redis | Cluster): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
