import type { StoredEvent } from '../types';
import type { LogListener } from '../store/ConversationStore';
import { StoreError } from '../store/StoreError';

/** Page size of catch-up reads. */
const PAGE = 1000;
/** Upper bound of one catch-up (10 million events). */
const MAX_PAGES = 10_000;

/**
 * One subscriber's cursor over a conversation log. Live events arrive from pub/sub; when
 * one is not the next seq (at the start, or after a reconnect lost some) the subscription
 * reads the gap from the stream and holds live events back meanwhile, so the listener sees
 * every seq once and in order.
 */
export class LogSubscription {
  private held: StoredEvent[] = [];
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private cursor: number,
    private readonly listener: LogListener,
    private readonly readAfter: (afterSeq: number, limit: number) => Promise<StoredEvent[]>,
    /** Why the log can no longer be trusted from `cursor` on (Redis lost it), or `null`. */
    private readonly damage: (cursor: number) => Promise<string | null> = async () => null,
  ) {}

  /**
   * After a reconnect: reads what was missed, then checks the log is still the one this
   * subscription followed (the conversation exists, its seq did not go backwards); if it
   * is not, the subscription fails with `store_unavailable`.
   */
  async recheck(): Promise<void> {
    await this.catchUp();
    if (this.closed) return;
    const why = await this.damage(this.cursor).catch(() => null);
    if (why !== null) this.fail(new StoreError('store_unavailable', why));
  }

  /** A live event from pub/sub. */
  push(event: StoredEvent): void {
    if (this.closed || event.seq <= this.cursor) return;
    if (this.running) {
      this.held.push(event);
    } else if (event.seq === this.cursor + 1) {
      this.deliver(event);
    } else {
      this.held.push(event);
      void this.catchUp();
    }
  }

  /**
   * Reads everything after the cursor from the log, then releases held live events.
   * Concurrent calls share one run. Never rejects: a failed read ends the subscription
   * through `onError`.
   */
  catchUp(): Promise<void> {
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      // A gap between the log's end and the first held event means a live event was
      // lost (e.g. a reconnect); read again before accepting it as expired. Bounded.
      for (let pass = 0; pass < 3 && !this.closed; pass++) {
        await this.readToEnd();
        const held = this.held.sort((a, b) => a.seq - b.seq).filter((event) => event.seq > this.cursor);
        const first = held[0];
        if (first && first.seq > this.cursor + 1 && pass < 2) {
          this.held = held;
          continue;
        }
        this.held = [];
        for (const event of held) this.deliver(event);
        return;
      }
    } catch (error) {
      this.fail(error instanceof StoreError ? error : new StoreError('store_unavailable', 'The Redis store could not read this conversation\'s log, so this stream cannot go on. The answer may be incomplete: retry in a moment.'));
    } finally {
      this.running = undefined;
    }
  }

  private async readToEnd(): Promise<void> {
    for (let pages = 0; !this.closed; pages++) {
      const page = await this.readAfter(this.cursor, PAGE);
      for (const event of page) this.deliver(event);
      if (page.length < PAGE) return;
      if (pages >= MAX_PAGES) throw new Error(`catch-up read more than ${MAX_PAGES} pages without reaching the end of the log`);
    }
  }

  close(): void {
    this.closed = true;
    this.held = [];
  }

  private deliver(event: StoredEvent): void {
    if (this.closed || event.seq <= this.cursor) return;
    this.cursor = event.seq;
    try {
      this.listener.onEvent(event);
    } catch {
      // A failing subscriber must not stop its own log or anyone else's (as in the memory store).
    }
  }

  /** Ends the subscription and tells the listener why (no more events will come). */
  fail(error: Error): void {
    if (this.closed) return;
    this.close();
    this.listener.onError?.(error);
  }
}
