import type { ChatEvent } from '../../events';
import type { ChatDecoder } from '../ChatDecoder';

/**
 * Async iterator over the events a {@link ChatDecoder} makes of a source of messages. Hand
 * written rather than an async generator: events already decoded are served with one
 * resolved promise each, and the source is awaited once per message, which keeps the cost
 * per token close to that of the SSE reader itself.
 */
export class ChatEventIterator<M> implements AsyncIterableIterator<ChatEvent> {
  private queue: ChatEvent[] = [];
  private head = 0;
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<M>,
    private readonly decoder: ChatDecoder,
    private readonly toMessage: (item: M) => Parameters<ChatDecoder['push']>[0],
    private readonly signal: AbortSignal | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ChatEvent>> {
    if (this.head < this.queue.length) {
      return Promise.resolve({ done: false, value: this.queue[this.head++] as ChatEvent });
    }
    return this.fill();
  }

  async return(): Promise<IteratorResult<ChatEvent>> {
    this.ended = true;
    this.queue = [];
    this.head = 0;
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<ChatEvent>> {
    await this.return();
    throw error;
  }

  private async fill(): Promise<IteratorResult<ChatEvent>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      const result = await this.source.next();
      let events: ChatEvent[];
      if (result.done === true) {
        this.ended = true;
        events = this.signal?.aborted ? [] : this.decoder.end();
      } else {
        events = this.decoder.push(this.toMessage(result.value));
      }
      if (events.length > 0) {
        this.queue = events;
        this.head = 1;
        return { done: false, value: events[0] as ChatEvent };
      }
    }
  }
}
