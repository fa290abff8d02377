import type { Redis } from 'ioredis';
import { ChannelHub } from './ChannelHub';
import type { RedisStoreOptions } from './RedisStoreOptions';

/** The store's two connections: commands, and pub/sub (shared by every listener). */
export interface RedisConnection {
  redis: Redis;
  subscriber: Redis;
  hub: ChannelHub;
  /** Whether the store opened `redis` itself (from a URL) and must quit it. */
  owned: boolean;
}

/** Uses the client passed in, or loads ioredis and connects to the URL; duplicates it for pub/sub. */
export async function openRedisConnection(options: Pick<RedisStoreOptions, 'redis' | 'url'>): Promise<RedisConnection> {
  const redis = (options.redis as Redis | undefined) ?? (await connectUrl(options.url as string));
  const subscriber = redis.duplicate();
  return { redis, subscriber, hub: new ChannelHub(subscriber), owned: options.redis === undefined };
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
        error instanceof Error ? error.message : String(error)
      }). Install it (npm i ioredis) or pass a client as { redis }.`,
    );
  }
  const RedisClient = module.Redis ?? module.default;
  return new RedisClient(url);
}

async function quit(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
