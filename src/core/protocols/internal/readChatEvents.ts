import type { ChatEvent } from '../../events';
import { createEventTooLargeError } from '../../errors';
import { createSSEParser } from '../../sse/createSSEParser';
import { DEFAULT_MAX_EVENT_SIZE } from '../../sse/defaultMaxEventSize';
import { LineSplitter } from '../../sse/LineSplitter';
import { readBatches, type BatchSplitter } from '../../sse/readBatches';
import type { SSEMessage } from '../../sse/index';
import type { ChatDecoder } from '../ChatDecoder';

/** How a body is framed: SSE events, or lines (the AI SDK data stream). */
export type ChatFraming = 'sse' | 'lines';

/** The async iterator {@link readChatEvents} returns. */
export interface ChatEventIterator extends AsyncIterableIterator<ChatEvent> {
  /** Cancels and releases the body. */
  return(): Promise<IteratorResult<ChatEvent>>;
  /** Closes the stream and rethrows `error` (what `yield*` delegation calls on an outer throw). */
  throw(error?: unknown): Promise<IteratorResult<ChatEvent>>;
}

/**
 * The async iterator {@link decodeChatStream} returns for a known framing. Each network
 * chunk is decoded, split into messages and run through the {@link ChatDecoder} in one
 * synchronous pass; the events it yields are queued and served with one resolved promise
 * each. No promise, iterator result or queue entry exists per SSE message, which keeps the
 * cost per token close to that of `eventsource-parser` plus `JSON.parse`.
 *
 * Reading, UTF-8 decoding, abort, `return()` and errors are `readBatches`': events
 * completed before a failure (`event_too_large`, a broken body) are delivered, then it is
 * thrown. `decoder.end()` runs when the body ends, not after an abort or `return()`.
 */
export function readChatEvents(
  body: ReadableStream<Uint8Array>,
  decoder: ChatDecoder,
  framing: ChatFraming,
  maxEventSize: number | undefined,
  signal: AbortSignal | undefined,
): ChatEventIterator {
  const reader = readBatches(body, signal, undefined, (push: (event: ChatEvent) => void): BatchSplitter => {
    const pushAll = (events: ChatEvent[]): void => {
      for (let i = 0; i < events.length; i++) push(events[i] as ChatEvent);
    };
    const take = (message: SSEMessage): void => pushAll(decoder.push(message));
    const end = (): void => pushAll(decoder.end());
    if (framing === 'sse') return { feed: createSSEParser({ maxEventSize }, take).feed, end };
    const limit = maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    const lines = new LineSplitter(limit, (line) => take({ event: 'message', data: line, id: '' }), () =>
      createEventTooLargeError(limit, 'line'),
    );
    return {
      feed: (text) => lines.feed(text),
      end: () => {
        lines.end();
        end();
      },
    };
  });
  return {
    next: reader.next,
    return: reader.return,
    async throw(error) {
      await reader.return();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
