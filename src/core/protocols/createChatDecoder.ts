import type { ChatEvent } from '../events';
import type { SSEMessage } from '../sse/index';
import type { ChatDecoder } from './ChatDecoder';
import type { ChatProtocol, ResolvedChatProtocol } from './ChatProtocol';
import { createAiSdkDataAdapter } from './adapters/createAiSdkDataAdapter';
import { createAiSdkUiAdapter } from './adapters/createAiSdkUiAdapter';
import { createAnthropicAdapter } from './adapters/createAnthropicAdapter';
import { createChatwireAdapter } from './adapters/createChatwireAdapter';
import { createOpenAIChatAdapter } from './adapters/createOpenAIChatAdapter';
import { createOpenAIResponsesAdapter } from './adapters/createOpenAIResponsesAdapter';
import type { HeadersLike } from './detectProtocolFromHeaders';
import { detectProtocolFromHeaders } from './detectProtocolFromHeaders';
import { detectProtocolFromMessage } from './detectProtocolFromMessage';
import type { ProtocolAdapter } from './internal/ProtocolAdapter';
import { excerpt } from './internal/malformedEvent';

/** Options of {@link createChatDecoder}. */
export interface ChatDecoderOptions {
  /** The wire format. Default `'auto'`: headers decide, otherwise the first recognizable event. */
  protocol?: ChatProtocol;
  /** Response headers, read by `auto` (`x-vercel-ai-ui-message-stream`, `x-vercel-ai-data-stream`). */
  headers?: HeadersLike;
}

/** With `auto`, how many unrecognizable messages are held before giving up. */
const MAX_UNDETECTED = 16;

const ADAPTERS: Record<ResolvedChatProtocol, () => ProtocolAdapter> = {
  chatwire: createChatwireAdapter,
  anthropic: createAnthropicAdapter,
  'openai-chat': createOpenAIChatAdapter,
  'openai-responses': createOpenAIResponsesAdapter,
  'ai-sdk-ui': createAiSdkUiAdapter,
  'ai-sdk-data': createAiSdkDataAdapter,
};
/** The protocols this decoder reads, from its adapters (the session checks `CHAT_PROTOCOLS`). */
const KNOWN = Object.keys(ADAPTERS).join(', ');

function unknownProtocol(held: SSEMessage[]): ChatEvent {
  const first = held[0];
  const sample = first === undefined ? '' : `; the first was event "${first.event}" with data ${JSON.stringify(excerpt(first.data))}`;
  return {
    type: 'error',
    code: 'unknown_protocol',
    retryable: false,
    message: `chatwire could not tell the wire format from ${held.length} message(s)${sample}. Pass \`protocol\` explicitly (one of ${KNOWN}).`,
  };
}

/**
 * Creates a stateful decoder that turns the SSE messages of one stream into canonical
 * {@link ChatEvent}s; {@link decodeChatStream} wraps it for a plain response body. It
 * imports every adapter, so it decodes synchronously (the session controller decodes
 * chatwire itself and loads this module on demand for other protocols, to keep them out
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
  const requested = options.protocol ?? 'auto';
  if (requested !== 'auto' && !(requested in ADAPTERS)) {
    throw new TypeError(
      `createChatDecoder: unknown protocol ${JSON.stringify(requested)}. Use 'auto' or one of ${KNOWN}.`,
    );
  }
  let resolved: ResolvedChatProtocol | undefined =
    requested === 'auto' ? detectProtocolFromHeaders(options.headers) : requested;
  let adapter: ProtocolAdapter | undefined = resolved === undefined ? undefined : ADAPTERS[resolved]();
  let held: SSEMessage[] = [];
  let gaveUp = false;

  function start(protocol: ResolvedChatProtocol): ChatEvent[] {
    resolved = protocol;
    const active = ADAPTERS[protocol]();
    adapter = active;
    const events: ChatEvent[] = [];
    for (const message of held) events.push(...active.push(message));
    held = [];
    return events;
  }

  return {
    get protocol(): ChatProtocol {
      return resolved ?? 'auto';
    },
    push(message) {
      if (adapter !== undefined) return adapter.push(message);
      if (gaveUp) return [];
      held.push(message);
      const detected = detectProtocolFromMessage(message);
      if (detected !== undefined) return start(detected);
      if (held.length < MAX_UNDETECTED) return [];
      gaveUp = true;
      const error = unknownProtocol(held);
      held = [];
      return [error];
    },
    end() {
      if (adapter !== undefined) return adapter.end();
      if (gaveUp || held.length === 0) return [];
      const error = unknownProtocol(held);
      held = [];
      return [error];
    },
  };
}
