import type { ChatEvent } from '../events';
import { readLines, readSSE } from '../sse/index';
import type { ChatProtocol } from './ChatProtocol';
import { createChatDecoder } from './createChatDecoder';
import type { HeadersLike } from './detectProtocolFromHeaders';
import { getHeader } from './detectProtocolFromHeaders';
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
 * {@link ChatEvent}s: `readSSE` (or `readLines` for the AI SDK data stream) plus
 * {@link createChatDecoder}. With `auto`, `x-vercel-ai-ui-message-stream` and
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
export async function* decodeChatStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeChatStreamOptions = {},
): AsyncGenerator<ChatEvent, void, undefined> {
  const { headers, maxEventSize, signal } = options;
  let decoder = createChatDecoder({ protocol: options.protocol ?? 'auto', headers });
  let source = body;
  if (decoder.protocol === 'auto' && !/text\/event-stream/i.test(getHeader(headers, 'content-type') ?? '')) {
    const peeked = await peekStream(body, 2, signal);
    source = peeked.body;
    if (DATA_STREAM_LINE.test(peeked.head.replace(/^\uFEFF/, ''))) decoder = createChatDecoder({ protocol: 'ai-sdk-data' });
  }
  if (decoder.protocol === 'ai-sdk-data') {
    for await (const line of readLines(source, { maxLineSize: maxEventSize, signal })) {
      yield* decoder.push({ event: 'message', data: line, id: '' });
    }
  } else {
    for await (const message of readSSE(source, { maxEventSize, signal })) {
      yield* decoder.push(message);
    }
  }
  if (signal?.aborted) return;
  yield* decoder.end();
}
