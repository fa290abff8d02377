import type { ChatDecoder } from './ChatDecoder';
import type { ChatProtocol } from './ChatProtocol';
import type { HeadersLike } from './detectProtocolFromHeaders';
// The lazy protocol chunk, imported statically: the adapters ship once, in that chunk. An
// app that never calls this function keeps the chunk lazy in its bundle (a function here,
// not a re-export, so bundlers that place modules before tree-shaking see nothing used).
import { createChatDecoder as decodeEveryProtocol } from './lazyProtocols';

/** Options of {@link createChatDecoder}. */
export interface ChatDecoderOptions {
  /** The wire format. Default `'auto'`: headers decide, otherwise the first recognizable event. */
  protocol?: ChatProtocol;
  /** Response headers, read by `auto` (`x-vercel-ai-ui-message-stream`, `x-vercel-ai-data-stream`). */
  headers?: HeadersLike;
}

/**
 * Creates a stateful decoder that turns the SSE messages of one stream into canonical
 * {@link ChatEvent}s; {@link decodeChatStream} wraps it for a plain response body. It
 * imports every adapter, so it decodes synchronously (the session controller decodes
 * chatwire itself and loads the adapters on demand for other protocols, to keep them out
 * of an app's initial bundle).
 *
 * @param options.protocol default `'auto'`.
 * @example
 * ```ts
 * const decoder = createChatDecoder({ protocol: 'openai-chat' });
 * for await (const message of readSSE(response.body)) {
 *   for (const event of decoder.push(message)) apply(event);
 * }
 * for (const event of decoder.end()) apply(event);
 * ```
 */
export function createChatDecoder(options: ChatDecoderOptions = {}): ChatDecoder {
  return decodeEveryProtocol(options);
}
