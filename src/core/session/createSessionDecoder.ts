import type { ChatEvent } from '../events';
import type { ChatDecoder } from '../protocols/ChatDecoder';
import { CHAT_PROTOCOLS, type ChatProtocol } from '../protocols/ChatProtocol';
import type { createChatDecoder } from '../protocols/createChatDecoder';
import type { HeadersLike } from '../protocols/detectProtocolFromHeaders';
import { loadedChatDecoder, loadLazyProtocols } from '../protocols/loadLazyProtocols';
import type { SSEMessage } from '../sse/SSEMessage';
import { readCanonicalChatwire } from '../protocols/readCanonicalChatwire';

type Awaitable<T> = T | Promise<T>;

/** A decoder whose `push` and `end` return a promise only while the full decoder loads. */
export interface SessionDecoder {
  readonly protocol: ChatProtocol;
  push(message: SSEMessage): Awaitable<ChatEvent[]>;
  end(): Awaitable<ChatEvent[]>;
}

// The lazy chunk is the protocols' own (decodeChatStream loads the same one); re-exported for the controller and tests.
export { loadChatDecoder, loadLazyProtocols } from '../protocols/loadLazyProtocols';

/**
 * The session controller's decoder. The initial bundle holds only a reader of chatwire's
 * canonical events as `chatwire/server` writes them (`readCanonicalChatwire`): with `auto`
 * or `chatwire`, such a first message picks chatwire at once, and later ones are decoded
 * synchronously. Anything else (another protocol, announcing headers, a first message that
 * needs the full detection, chatwire's legacy event names and field spellings, malformed
 * data) loads `createChatDecoder` (all adapters and chatwire's full reader) on demand and
 * hands it every message from then on. Same events as `createChatDecoder`. Internal.
 */
export function createSessionDecoder(requested: ChatProtocol, headers?: HeadersLike): SessionDecoder {
  if (requested !== 'auto' && !CHAT_PROTOCOLS.includes(requested)) {
    throw new TypeError(
      `createChatDecoder: unknown protocol ${JSON.stringify(requested)}. Use 'auto' or one of ${CHAT_PROTOCOLS.join(', ')}.`,
    );
  }
  // chatwire is known (named, or picked by a first canonical message) and nothing needed the full decoder yet
  let chatwire = requested === 'chatwire';
  let full: ChatDecoder | undefined;
  let pending: Promise<ChatDecoder> | undefined;
  const start = (): Awaitable<ChatDecoder> => {
    if (full) return full;
    const protocol = chatwire ? 'chatwire' : requested;
    const make = (create: typeof createChatDecoder) => (full = create({ protocol, headers }));
    const loaded = loadedChatDecoder();
    return loaded ? make(loaded) : (pending ??= loadLazyProtocols().then((m) => make(m.createChatDecoder)));
  };
  const through = (call: (decoder: ChatDecoder) => ChatEvent[]): Awaitable<ChatEvent[]> => {
    const decoder = start();
    return decoder instanceof Promise ? decoder.then(call) : call(decoder);
  };
  // Another protocol is known before the first message: start loading its decoder now.
  const h = headers === undefined ? undefined : new Headers(headers as HeadersInit);
  const announced =
    requested === 'auto' && !!(h?.has('x-vercel-ai-ui-message-stream') || h?.has('x-vercel-ai-data-stream'));
  if (announced || (requested !== 'auto' && requested !== 'chatwire')) {
    const started = start();
    if (started instanceof Promise) started.catch(() => undefined); // reported by the first push
  }
  const fast = (message: SSEMessage): ChatEvent[] | undefined => {
    if (full || pending || announced || (requested !== 'auto' && !chatwire)) return undefined;
    const event = readCanonicalChatwire(message);
    if (!event) return undefined;
    chatwire = true;
    return [event];
  };

  return {
    get protocol(): ChatProtocol {
      return full?.protocol ?? (chatwire ? 'chatwire' : requested);
    },
    push(message) {
      return fast(message) ?? through((decoder) => decoder.push(message));
    },
    end() {
      if (!full && !pending) return [];
      return through((decoder) => decoder.end());
    },
  };
}
