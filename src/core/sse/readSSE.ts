import { createParser, type EventSourceMessage, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { createEventTooLargeError } from '../errors';
import { BatchReader } from './BatchReader';
import type { ReadSSEOptions } from './ReadSSEOptions';
import type { SSEMessage } from './SSEMessage';

/** Default {@link ReadSSEOptions.maxEventSize}: 1 MiB. */
export const DEFAULT_MAX_EVENT_SIZE = 1_048_576;

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
 * Line splitting is done by `eventsource-parser`; this wrapper owns the persistent last
 * event ID, the size limit, trailing-CR handling and the liveness callbacks.
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
  return new SSEReader(body, options);
}

class SSEReader extends BatchReader<SSEMessage> implements SSEIterable {
  private last: string;
  private readonly initial: string;
  private retry: number | undefined = undefined;
  private skipLF = false;
  private tooLarge = false;
  private readonly parser: EventSourceParser;
  private readonly limit: number;

  constructor(body: ReadableStream<Uint8Array>, options: ReadSSEOptions) {
    super(body, options.signal, options.onChunk);
    this.last = options.lastEventId ?? '';
    this.initial = this.last;
    this.limit = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    const onRetry = options.onRetry;
    this.parser = createParser({
      onEvent: (e: EventSourceMessage) => {
        // The parser checks its limit after a whole chunk; an event that began and ended
        // within one chunk is checked here.
        if (e.data.length > this.limit) {
          this.tooLarge = true;
          return;
        }
        if (this.tooLarge) return;
        if (e.id !== undefined) this.last = e.id;
        const message: SSEMessage = { event: e.event || 'message', data: e.data, id: this.last };
        if (this.retry !== undefined) {
          message.retry = this.retry;
          this.retry = undefined;
        }
        this.queue.push(message);
      },
      onRetry: (ms: number) => {
        this.retry = ms;
        onRetry?.(ms);
      },
      onComment: options.onComment,
      onError: (error: ParseError) => {
        if (error.type === 'max-buffer-size-exceeded') this.tooLarge = true;
      },
      maxBufferSize: this.limit,
    });
    // The parser strips a BOM it sees as the three chars U+00EF U+00BB U+00BF in its first
    // chunk. TextDecoder already dropped the real (U+FEFF) BOM, and those three chars are
    // legitimate text, so spend the parser's "first chunk" on an empty string.
    this.parser.feed('');
  }

  get lastEventId(): string {
    return this.lastDelivered()?.id ?? this.initial;
  }

  protected process(text: string): void {
    if (this.skipLF) {
      // The previous chunk ended in CR, already treated as a line end: a LF right after
      // it is the second half of the same CRLF.
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      if (text.length === 0) return;
      this.skipLF = false;
    }
    // The parser holds a trailing CR back waiting for a LF. A CR is a complete line end,
    // so make it CRLF now and drop the LF if the next chunk starts with one.
    if (text.charCodeAt(text.length - 1) === 13) {
      text += '\n';
      this.skipLF = true;
    }
    this.parser.feed(text);
    if (this.tooLarge) throw createEventTooLargeError(this.limit);
  }

  protected end(): void {
    // An unterminated last block is discarded (the parser keeps it pending).
  }
}
