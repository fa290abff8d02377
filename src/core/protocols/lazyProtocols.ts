/**
 * The protocol decoders, as one chunk loaded on demand (by `decodeChatStream`, and by the
 * session for wire formats other than chatwire's own): every adapter with the full detection,
 * and the line framing of the AI SDK data stream. Internal: imported through
 * `loadLazyProtocols`, and statically only by the public `createChatDecoder` (which needs it
 * at once). The adapters ship once, in this chunk.
 */
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
import type { ChatDecoderOptions } from './createChatDecoder';
import { detectProtocolFromHeaders } from './detectProtocolFromHeaders';
import { detectProtocolFromMessage } from './detectProtocolFromMessage';
import type { ProtocolAdapter } from './internal/ProtocolAdapter';
import { excerpt } from './internal/malformedEvent';

export { LINE_FRAMING } from '../sse/LineFraming';

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
 * The decoder behind the public {@link createChatDecoder} (see there): every adapter, with
 * detection. The public function calls this one, so an app that never calls it keeps this
 * chunk lazy.
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
