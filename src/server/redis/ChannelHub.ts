import type { Redis } from 'ioredis';

type Handler = (message: string) => void;

/**
 * Many local listeners over one subscriber connection: a channel is SUBSCRIBEd while at
 * least one listener wants it. After a reconnect (ioredis resubscribes by itself) the
 * `onReconnect` hooks run, once the resubscriptions are confirmed, so callers can fetch
 * whatever was published while the connection was down.
 */
export class ChannelHub {
  private readonly channels = new Map<string, { handlers: Set<Handler>; ready: Promise<unknown> }>();
  private readonly reconnectHooks = new Set<() => void>();
  private connectedOnce = false;

  constructor(private readonly subscriber: Redis) {
    subscriber.on('message', (channel: string, message: string) => {
      const entry = this.channels.get(channel);
      if (!entry) return;
      for (const handler of [...entry.handlers]) handler(message);
    });
    subscriber.on('ready', () => {
      if (!this.connectedOnce) {
        this.connectedOnce = true;
        return;
      }
      // PING is queued behind ioredis' automatic re-SUBSCRIBE, so it answers once they are in place.
      subscriber.ping().then(
        () => {
          for (const hook of [...this.reconnectHooks]) hook();
        },
        () => undefined,
      );
    });
    // ioredis emits 'error' on connection trouble; without a listener Node would throw.
    subscriber.on('error', () => undefined);
    if (subscriber.status === 'ready') this.connectedOnce = true;
  }

  /** Calls `handler` for every message on `channel`. Resolves once subscribed. */
  async listen(channel: string, handler: Handler): Promise<() => void> {
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { handlers: new Set(), ready: this.subscriber.subscribe(channel) };
      this.channels.set(channel, entry);
    }
    entry.handlers.add(handler);
    const current = entry;
    const stop = (): void => {
      if (!current.handlers.delete(handler) || current.handlers.size > 0) return;
      if (this.channels.get(channel) === current) this.channels.delete(channel);
      this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
    try {
      await current.ready;
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }

  /** Runs `hook` after every reconnect of the subscriber connection. */
  onReconnect(hook: () => void): () => void {
    this.reconnectHooks.add(hook);
    return () => this.reconnectHooks.delete(hook);
  }
}
