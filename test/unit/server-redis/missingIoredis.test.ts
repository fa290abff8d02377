import { describe, expect, it, vi } from 'vitest';

vi.mock('ioredis', () => {
  throw new Error("Cannot find package 'ioredis'");
});

describe('createRedisStore without ioredis installed', () => {
  it('chatwire/server still loads, and { url } fails on first use saying what to install', async () => {
    const server = await import('../../../src/server/index');
    const store = server.createRedisStore({ url: 'redis://127.0.0.1:1' });
    await expect(store.getOwner('c1')).rejects.toThrow(
      /createRedisStore: \{ url \} needs the "ioredis" package, which could not be loaded \(.*\)\. Install it \(npm i ioredis\) or pass a client as \{ redis \}\./,
    );
    await store.close();
  });
});
