import { createParser, type EventSourceMessage, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { createEventTooLargeError } from '../errors';
import type { ReadSSEOptions } from './ReadSSEOptions';
import type { SSEMessage } from './SSEMessage';

/** Default {@link ReadSSEOptions.maxEventSize}: 1 MiB. */
export const DEFAULT_MAX_EVENT_SIZE = 1_048_576;

/** Where an {@link SSEParser} hands each dispatched message, synchronously. */
export type SSEMessageSink = (message: SSEMessage) => void;

/**
 * Internal, synchronous core of {@link readSSE}: decoded text in, {@link SSEMessage}s out,
 * handed to `sink` as they complete (all the messages of one network chunk within one
 * `feed` call, no promise per message). Line splitting is done by `eventsource-parser`;
 * this class owns the persistent last event ID, the size limit, trailing-CR handling and
 * the callbacks. `readSSE` and `decodeChatStream` share it.
 */
export class SSEParser {
  /** The spec's last event ID after the newest message dispatched. */
  last: string;
  private retry: number | undefined = undefined;
  private skipLF = false;
  private tooLarge = false;
  private readonly parser: EventSourceParser;
  private readonly limit: number;
  private readonly sink: SSEMessageSink;
  private readonly onRetry: ((ms: number) => void) | undefined;

  constructor(options: ReadSSEOptions, sink: SSEMessageSink) {
    this.last = options.lastEventId ?? '';
    this.limit = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    this.sink = sink;
    this.onRetry = options.onRetry;
    // Bound methods are created once per stream; the parser calls them once per event.
    this.parser = createParser({
      onEvent: this.dispatch.bind(this),
      onRetry: this.retried.bind(this),
      onComment: options.onComment,
      onError: this.failed.bind(this),
      maxBufferSize: this.limit,
    });
    // The parser strips a BOM it sees as the three chars U+00EF U+00BB U+00BF in its first
    // chunk. TextDecoder already dropped the real (U+FEFF) BOM, and those three chars are
    // legitimate text, so spend the parser's "first chunk" on an empty string.
    this.parser.feed('');
  }

  /**
   * Parses one decoded chunk; every message it completes goes to the sink before this
   * returns. Throws `event_too_large` (after the messages completed before the oversized
   * one) when the pending event grew past the limit.
   */
  feed(text: string): void {
    if (this.skipLF) {
      // The previous chunk ended in CR, already treated as a line end: a LF right after
      // it is the second half of the same CRLF.
      this.skipLF = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      if (text.length === 0) return;
    }
    // The parser holds a trailing CR back waiting for a LF. A CR is a complete line end,
    // so make it CRLF now and drop the LF if the next chunk starts with one (rare: only
    // CR-delimited streams, or a CRLF cut between its two bytes, end a chunk in CR).
    if (text.charCodeAt(text.length - 1) === 13) {
      text += '\n';
      this.skipLF = true;
    }
    this.parser.feed(text);
    if (this.tooLarge) throw createEventTooLargeError(this.limit);
  }

  private dispatch(e: EventSourceMessage): void {
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
    this.sink(message);
  }

  private retried(ms: number): void {
    this.retry = ms;
    this.onRetry?.(ms);
  }

  private failed(error: ParseError): void {
    if (error.type === 'max-buffer-size-exceeded') this.tooLarge = true;
  }
}
