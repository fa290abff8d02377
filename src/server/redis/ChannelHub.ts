import type { Cluster, Redis } from 'ioredis';
import { StoreError } from '../store/StoreError';

type Handler = (message: string) => void;

/**
 * Many local listeners over one subscriber connection: a channel is SUBSCRIBEd while at
 * least one listener wants it. When the connection drops, the hub waits
 * `unavailableAfterMs` for it to come back: if it does (ioredis resubscribes by itself),
 * the `onReconnect` hooks run once the resubscriptions are confirmed, so callers can
 * fetch whatever was published meanwhile; if it does not, the `onOutage` hooks run with a
 * `store_unavailable` error (a live follower must not wait forever on a dead store).
 */
export class ChannelHub {
  private readonly channels = new Map<string, { handlers: Set<Handler>; ready: Promise<unknown> }>();
  private readonly reconnectHooks = new Set<() => void>();
  private readonly outageHooks = new Set<(error: StoreError) => void>();
  private connectedOnce = false;
  private lostAt: number | null = null;
  private outageTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly subscriber: Redis | Cluster,
    private readonly unavailableAfterMs: number,
    /** Whether the hub SUBSCRIBEs its channels again after a reconnect (the client does not). */
    private readonly resubscribes = false,
    /** Resolves once the command connection is up; rejects when it stays down too long. */
    private readonly commandsReady: () => Promise<void> = () => Promise.resolve(),
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      const entry = this.channels.get(channel);
      if (!entry) return;
      // No copy per message: a handler that stops listening meanwhile is skipped, one that
      // starts gets this message too (subscriptions drop seqs they already have).
      for (const handler of entry.handlers) handler(message);
    });
    subscriber.on('ready', () => {
      clearTimeout(this.outageTimer);
      this.outageTimer = undefined;
      this.lostAt = null;
      if (!this.connectedOnce) {
        this.connectedOnce = true;
        return;
      }
      // Once the channels are subscribed again, whatever was published meanwhile can be read.
      // (A failure means the connection dropped again: the next 'ready' tries again.)
      this.resubscribed().then(
        () => {
          for (const hook of [...this.reconnectHooks]) hook();
        },
        () => undefined,
      );
    });
    subscriber.on('close', () => this.lost());
    subscriber.on('end', () => {
      this.lost();
      this.outage('the connection to Redis was closed for good');
    });
    // ioredis emits 'error' on connection trouble; without a listener it logs "Unhandled error event".
    subscriber.on('error', () => undefined);
    if (subscriber.status === 'ready') this.connectedOnce = true;
  }

  /**
   * Resolves when the channels listened to are subscribed again: SUBSCRIBEs them when the
   * hub does that itself, else waits on a PING, which is queued behind the client's own
   * re-SUBSCRIBE.
   */
  private resubscribed(): Promise<unknown> {
    if (!this.resubscribes) return this.subscriber.ping();
    const channels = [...this.channels.keys()];
    return channels.length === 0 ? Promise.resolve() : this.subscriber.subscribe(...channels);
  }

  /**
   * Runs `read` once the command connection is up: a live subscription reading what it
   * missed waits out a blip of that connection (up to `unavailableAfterMs`, like the
   * pub/sub one) instead of failing at once.
   */
  async afterBlip<T>(read: () => Promise<T>): Promise<T> {
    await this.commandsReady();
    return read();
  }

  /** `null` while connected (or connecting the first time), else a sentence for the error. */
  unavailable(): string | null {
    if (this.lostAt === null) return null;
    return `lost its connection to Redis ${Date.now() - this.lostAt} ms ago and has not got it back`;
  }

  /** Calls `handler` for every message on `channel`. Resolves once subscribed. */
  async listen(channel: string, handler: Handler): Promise<() => void> {
    const down = this.unavailable();
    if (down !== null) throw new StoreError('store_unavailable', `The Redis store ${down}.`);
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

  /** Runs `hook` when the connection stayed down for `unavailableAfterMs` (or ended). */
  onOutage(hook: (error: StoreError) => void): () => void {
    this.outageHooks.add(hook);
    return () => this.outageHooks.delete(hook);
  }

  private lost(): void {
    if (!this.connectedOnce || this.lostAt !== null) return;
    this.lostAt = Date.now();
    this.outageTimer = setTimeout(() => this.outage(`lost its connection to Redis and did not get it back within ${this.unavailableAfterMs} ms`), this.unavailableAfterMs);
    this.outageTimer.unref?.();
  }

  private outage(why: string): void {
    clearTimeout(this.outageTimer);
    this.outageTimer = undefined;
    const error = new StoreError('store_unavailable', `The Redis store ${why}, so this stream cannot go on. The answer may be incomplete: retry in a moment.`);
    for (const hook of [...this.outageHooks]) hook(error);
  }
}
