import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { createEventTooLargeError } from '../errors';
import { DEFAULT_MAX_EVENT_SIZE } from './defaultMaxEventSize';
import type { ReadSSEOptions } from './ReadSSEOptions';
import type { SSEMessage } from './SSEMessage';

/** Where an {@link SSEParser} hands each dispatched message, synchronously. */
export type SSEMessageSink = (message: SSEMessage) => void;

/** The parser {@link createSSEParser} returns. */
export interface SSEParser {
  /**
   * Parses one decoded chunk; every message it completes goes to the sink before this
   * returns. Throws `event_too_large` (after the messages completed before the oversized
   * one) when the pending event grew past the limit.
   */
  feed(text: string): void;
}

/**
 * Internal, synchronous core of {@link readSSE}: decoded text in, {@link SSEMessage}s out,
 * handed to `sink` as they complete (all the messages of one network chunk within one
 * `feed` call, no promise per message). Line splitting is done by `eventsource-parser`;
 * this owns the persistent last event ID, the size limit, trailing-CR handling and the
 * callbacks. `readSSE` and `decodeChatStream` share it.
 */
export function createSSEParser(options: ReadSSEOptions, sink: SSEMessageSink): SSEParser {
  // The spec's last event ID after the newest message dispatched.
  let last = options.lastEventId ?? '';
  let retry: number | undefined;
  let skipLF = false;
  let tooLarge = false;
  const limit = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  const parser = createParser({
    onEvent(e: EventSourceMessage) {
      // The parser checks its limit after a whole chunk; an event that began and ended
      // within one chunk is checked here.
      if (e.data.length > limit) tooLarge = true;
      if (tooLarge) return;
      if (e.id !== undefined) last = e.id;
      const message: SSEMessage = { event: e.event || 'message', data: e.data, id: last };
      if (retry !== undefined) {
        message.retry = retry;
        retry = undefined;
      }
      sink(message);
    },
    onRetry(ms) {
      retry = ms;
      options.onRetry?.(ms);
    },
    onComment: options.onComment,
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') tooLarge = true;
    },
    maxBufferSize: limit,
  });
  // The parser strips a BOM it sees as the three chars U+00EF U+00BB U+00BF in its first
  // chunk. TextDecoder already dropped the real (U+FEFF) BOM, and those three chars are
  // legitimate text, so spend the parser's "first chunk" on an empty string.
  parser.feed('');

  return {
    feed(text) {
      if (skipLF) {
        // The previous chunk ended in CR, already treated as a line end: a LF right after
        // it is the second half of the same CRLF.
        skipLF = false;
        if (text.charCodeAt(0) === 10) text = text.slice(1);
        if (text.length === 0) return;
      }
      // The parser holds a trailing CR back waiting for a LF. A CR is a complete line end,
      // so make it CRLF now and drop the LF if the next chunk starts with one (rare: only
      // CR-delimited streams, or a CRLF cut between its two bytes, end a chunk in CR).
      if (text.charCodeAt(text.length - 1) === 13) {
        text += '\n';
        skipLF = true;
      }
      parser.feed(text);
      if (tooLarge) throw createEventTooLargeError(limit);
    },
  };
}
