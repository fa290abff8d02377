import type { ChatDecoder } from './ChatDecoder';
import type { ChatProtocol, ResolvedChatProtocol } from './ChatProtocol';
import { createChatwireAdapter } from './adapters/createChatwireAdapter';
import type { HeadersLike } from './detectProtocolFromHeaders';
import { createDecoder } from './internal/createDecoder';
import { OTHER_ADAPTERS } from './internal/otherAdapters';
import type { ProtocolAdapter } from './internal/ProtocolAdapter';

/** Options of {@link createChatDecoder}. */
export interface ChatDecoderOptions {
  /** The wire format. Default `'auto'`: headers decide, otherwise the first recognizable event. */
  protocol?: ChatProtocol;
  /** Response headers, read by `auto` (`x-vercel-ai-ui-message-stream`, `x-vercel-ai-data-stream`). */
  headers?: HeadersLike;
}

const ADAPTERS: Record<ResolvedChatProtocol, () => ProtocolAdapter> = { chatwire: createChatwireAdapter, ...OTHER_ADAPTERS };

/**
 * Creates a stateful decoder that turns the SSE messages of one stream into canonical
 * {@link ChatEvent}s; {@link decodeChatStream} wraps it for a plain response body. It
 * imports every adapter, so it decodes synchronously (the session controller instead loads
 * adapters other than chatwire's on demand, to keep them out of an app's initial bundle).
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
  // Every adapter is given synchronously, so push and end never return a promise.
  return createDecoder(options.protocol ?? 'auto', options.headers, (protocol) => ADAPTERS[protocol]) as ChatDecoder;
}
