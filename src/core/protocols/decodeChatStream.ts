import type { ChatEvent } from '../events';
import type { ChatDecoder } from './ChatDecoder';
import { CHAT_PROTOCOLS, type ChatProtocol } from './ChatProtocol';
import { loadChatDecoder } from './loadLazyProtocols';
import type { HeadersLike } from './detectProtocolFromHeaders';
import { getHeader } from './detectProtocolFromHeaders';
import { readChatEvents } from './internal/readChatEvents';
import { peekStream } from './internal/peekStream';

/** Options of {@link decodeChatStream}. */
export interface DecodeChatStreamOptions {
  /** The wire format. Default `'auto'`: headers decide, then the body's first line or event. */
  protocol?: ChatProtocol;
  /** The response headers (`content-type`, `x-vercel-ai-*`), read by `auto`. */
  headers?: HeadersLike;
  /** Largest SSE event (or data-stream line), in characters. Default 1 MiB; past it, iteration throws `event_too_large`. */
  maxEventSize?: number;
  /** Aborting cancels the body and ends the iteration quietly. */
  signal?: AbortSignal;
}

const DATA_STREAM_LINE = /^[0-9a-z]:/;

/**
 * Decodes a streaming response body of any supported wire format into canonical
 * {@link ChatEvent}s: the SSE parsing of `readSSE` (or the line splitting of `readLines`
 * for the AI SDK data stream) plus {@link createChatDecoder}, fused so that each network
 * chunk is parsed and decoded in one pass (no promise per SSE message). With `auto`, `x-vercel-ai-ui-message-stream` and
 * `x-vercel-ai-data-stream` headers decide; a body that is not `text/event-stream` and
 * starts like `0:"...` is the data stream; otherwise the first event decides.
 *
 * @example
 * ```ts
 * const res = await fetch('/api/chat', { method: 'POST', body });
 * for await (const event of decodeChatStream(res.body!, { headers: res.headers })) {
 *   if (event.type === 'text-delta') output += event.delta;
 * }
 * ```
 */
export function decodeChatStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeChatStreamOptions = {},
): AsyncIterableIterator<ChatEvent> {
  const { headers, maxEventSize, signal } = options;
  const protocol = options.protocol ?? 'auto';
  if (protocol !== 'auto' && !CHAT_PROTOCOLS.includes(protocol)) {
    throw new TypeError(`decodeChatStream: unknown protocol ${JSON.stringify(protocol)}. Use 'auto' or one of ${CHAT_PROTOCOLS.join(', ')}.`);
  }
  let inner: AsyncIterableIterator<ChatEvent> | undefined;
  const start = async (): Promise<AsyncIterableIterator<ChatEvent>> => {
    const create = await loadChatDecoder().catch(async (e: unknown) => {
      await body.cancel().catch(() => undefined);
      throw e;
    });
    const decoder = create({ protocol, headers });
    if (decoder.protocol === 'ai-sdk-data') return linesOf(body, decoder, maxEventSize, signal);
    if (decoder.protocol !== 'auto' || /text\/event-stream/i.test(getHeader(headers, 'content-type') ?? '')) {
      return messagesOf(body, decoder, maxEventSize, signal);
    }
    // `auto` without an event-stream content type: a body starting like `0:"` is the data stream.
    const peeked = await peekStream(body, 2, signal);
    return DATA_STREAM_LINE.test(peeked.head.replace(/^\uFEFF/, ''))
      ? linesOf(peeked.body, create({ protocol: 'ai-sdk-data' }), maxEventSize, signal)
      : messagesOf(peeked.body, decoder, maxEventSize, signal);
  };
  let starting: Promise<AsyncIterableIterator<ChatEvent>> | undefined;
  const ready = async (): Promise<AsyncIterableIterator<ChatEvent>> => (inner ??= await (starting ??= start()));
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      return inner !== undefined ? inner.next() : ready().then((iterator) => iterator.next());
    },
    async return() {
      if (inner === undefined && starting === undefined) {
        await body.cancel().catch(() => undefined);
        return { done: true, value: undefined };
      }
      return (await ready()).return?.() ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      if (inner === undefined && starting === undefined) await body.cancel().catch(() => undefined);
      else {
        const iterator = await ready();
        if (iterator.throw) return iterator.throw(error);
        await iterator.return?.();
      }
      throw error;
    },
  };
}

function messagesOf(
  body: ReadableStream<Uint8Array>,
  decoder: ChatDecoder,
  maxEventSize: number | undefined,
  signal: AbortSignal | undefined,
): AsyncIterableIterator<ChatEvent> {
  return readChatEvents(body, decoder, 'sse', maxEventSize, signal);
}

function linesOf(
  body: ReadableStream<Uint8Array>,
  decoder: ChatDecoder,
  maxEventSize: number | undefined,
  signal: AbortSignal | undefined,
): AsyncIterableIterator<ChatEvent> {
  return readChatEvents(body, decoder, 'lines', maxEventSize, signal);
}
