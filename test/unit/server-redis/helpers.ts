import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { ChatEvent } from '../../../src/core/events';

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs` (bounded). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 10_000; i++) {
    if (await check()) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const delta = (text: string): ChatEvent => ({ type: 'text-delta', delta: text });

export const init = (conversationId: string, streamId: string, userId = 'u1') => ({
  conversationId,
  streamId,
  messageId: `${streamId}-m`,
  userId,
  startedAt: 1_700_000_000_000,
});

/** A key prefix no other test uses (one counter for the whole run: test/support/redisSuite.ts). */
export { freshPrefix } from '../../support/redisSuite';

/** A TCP proxy in front of a redis-server that can lose Redis' answers and cut connections. */
export interface FlakyProxy {
  /** `redis://127.0.0.1:<proxy port>` */
  url: string;
  /** While true, what Redis answers is dropped on the way back (commands still reach it). */
  swallowReplies: boolean;
  /** Closes every client connection at once (the clients reconnect through the proxy). */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a {@link FlakyProxy} on 127.0.0.1 to `targetPort`. */
export async function startFlakyProxy(targetPort: number): Promise<FlakyProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => {
      if (!proxy.swallowReplies) client.write(data);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) socket.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: FlakyProxy = {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    swallowReplies: false,
    cut() {
      for (const socket of [...sockets]) socket.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        proxy.cut();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
