import type { ChatEvent } from '../../events';
import { BatchReader } from '../../sse/BatchReader';
import { LineSplitter } from '../../sse/LineSplitter';
import type { SSEMessage } from '../../sse/index';
import { DEFAULT_MAX_EVENT_SIZE, SSEParser } from '../../sse/SSEParser';
import type { ChatDecoder } from '../ChatDecoder';

/** How a body is framed: SSE events, or lines (the AI SDK data stream). */
export type ChatFraming = 'sse' | 'lines';

/**
 * The async iterator {@link decodeChatStream} returns for a known framing. Each network
 * chunk is decoded, split into messages and run through the {@link ChatDecoder} in one
 * synchronous pass; the events it yields are queued and served with one resolved promise
 * each. No promise, iterator result or queue entry exists per SSE message, which keeps the
 * cost per token close to that of `eventsource-parser` plus `JSON.parse`.
 *
 * Reading, UTF-8 decoding, abort, `return()` and errors are {@link BatchReader}'s: events
 * completed before a failure (`event_too_large`, a broken body) are delivered, then it is
 * thrown. `decoder.end()` runs when the body ends, not after an abort or `return()`.
 */
export class ChatEventReader extends BatchReader<ChatEvent> {
  private readonly split: { feed(text: string): void };
  private readonly lines: LineSplitter | undefined;
  private readonly chat: ChatDecoder;

  constructor(
    body: ReadableStream<Uint8Array>,
    decoder: ChatDecoder,
    framing: ChatFraming,
    maxEventSize: number | undefined,
    signal: AbortSignal | undefined,
  ) {
    super(body, signal, undefined);
    this.chat = decoder;
    const take = (message: SSEMessage): void => {
      const events = decoder.push(message);
      const queue = this.queue;
      for (let i = 0; i < events.length; i++) queue.push(events[i] as ChatEvent);
    };
    if (framing === 'lines') {
      this.lines = new LineSplitter(maxEventSize ?? DEFAULT_MAX_EVENT_SIZE, (line) => {
        take({ event: 'message', data: line, id: '' });
      });
      this.split = this.lines;
    } else {
      this.lines = undefined;
      this.split = new SSEParser({ maxEventSize }, take);
    }
  }

  /** Closes the stream and rethrows `error` (what `yield*` delegation calls on an outer throw). */
  async throw(error?: unknown): Promise<IteratorResult<ChatEvent>> {
    await this.return();
    throw error;
  }

  protected process(text: string): void {
    this.split.feed(text);
  }

  protected end(): void {
    this.lines?.end();
    const events = this.chat.end();
    for (let i = 0; i < events.length; i++) this.queue.push(events[i] as ChatEvent);
  }
}
