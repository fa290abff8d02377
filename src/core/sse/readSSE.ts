import { createSSEParser } from './createSSEParser';
import { readBatches } from './readBatches';
import type { ReadSSEOptions } from './ReadSSEOptions';
import type { SSEMessage } from './SSEMessage';

export { DEFAULT_MAX_EVENT_SIZE } from './defaultMaxEventSize';

/** The async iterable {@link readSSE} returns; it also tells the last event ID parsed. */
export interface SSEIterable extends AsyncIterableIterator<SSEMessage> {
  /**
   * The last event ID of the newest message delivered by `next()` (initially
   * `options.lastEventId`): what a reconnect should send after the messages consumed so far.
   */
  readonly lastEventId: string;
  /** Stops reading: cancels and releases the body. */
  return(): Promise<IteratorResult<SSEMessage>>;
}

/**
 * Reads a `text/event-stream` body into {@link SSEMessage}s, exactly per the WHATWG HTML
 * event-stream interpretation: LF, CR and CRLF line ends (also split across chunks), one
 * leading BOM dropped, comments reported to `onComment`, `data` lines joined with `\n`,
 * `event` defaulting to `"message"`, `id` persisting across events (an `id` with NUL is
 * ignored), valid `retry` reported to `onRetry`, blocks without data and an unterminated
 * last block not dispatched.
 *
 * Line splitting is done by `eventsource-parser` (through the internal `createSSEParser`, which
 * owns the persistent last event ID, the size limit and trailing-CR handling). Messages
 * are parsed a whole network chunk at a time and then served from a queue.
 *
 * @example
 * ```ts
 * const res = await fetch('/api/chat', { method: 'POST', body });
 * for await (const m of readSSE(res.body!, { onComment: () => alive() })) {
 *   console.log(m.id, m.event, JSON.parse(m.data));
 * }
 * ```
 */
export function readSSE(body: ReadableStream<Uint8Array>, options: ReadSSEOptions = {}): SSEIterable {
  const initial = options.lastEventId ?? '';
  const reader = readBatches(body, options.signal, options.onChunk, (push: (message: SSEMessage) => void) =>
    createSSEParser(options, push),
  );
  return {
    get lastEventId() {
      return reader.last()?.id ?? initial;
    },
    next: reader.next,
    return: reader.return,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
