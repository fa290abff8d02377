import { ChatwireError } from '../errors';
import type { ChatEvent } from '../events';
import { createChatwireAdapter } from '../protocols/adapters/createChatwireAdapter';
import type { ChatDecoder } from '../protocols/ChatDecoder';
import { CHAT_PROTOCOLS, type ChatProtocol } from '../protocols/ChatProtocol';
import type { createChatDecoder } from '../protocols/createChatDecoder';
import { detectProtocolFromHeaders, type HeadersLike } from '../protocols/detectProtocolFromHeaders';
import { CHATWIRE_READERS } from '../protocols/internal/chatwireEventReaders';
import { INVALID_JSON, isRecord, parseJson } from '../protocols/internal/json';
import type { ProtocolAdapter } from '../protocols/internal/ProtocolAdapter';
import type { SSEMessage } from '../sse/SSEMessage';

type Awaitable<T> = T | Promise<T>;

/** A decoder whose `push` and `end` return a promise only while the full decoder loads. */
export interface SessionDecoder {
  readonly protocol: ChatProtocol;
  push(message: SSEMessage): Awaitable<ChatEvent[]>;
  end(): Awaitable<ChatEvent[]>;
}

let loaded: typeof createChatDecoder | undefined;
let loading: Promise<typeof import('./lazyProtocols')> | undefined;

/**
 * Loads the lazy protocol chunk (`createChatDecoder` with every adapter and the full
 * auto-detection, and the AI SDK data stream's line framing); once loaded, later decoders
 * use it synchronously. A chunk that fails to load rejects with a retryable
 * `adapter_load_failed` error, and the next call tries again. Internal.
 */
export function loadLazyProtocols(): Promise<typeof import('./lazyProtocols')> {
  return (loading ??= import('./lazyProtocols').then(
    (m) => {
      loaded = m.createChatDecoder;
      return m;
    },
    (e: unknown) => {
      loading = undefined;
      throw new ChatwireError(
        `chatwire could not load the decoder of wire formats other than its own (${e instanceof Error ? e.message : String(e)}). Check that the app serves the lazy chunks its bundler emitted for chatwire, then retry.`,
        { code: 'adapter_load_failed', retryable: true, cause: e },
      );
    },
  ));
}

/**
 * Loads `createChatDecoder` through {@link loadLazyProtocols}. Internal; tests await it to
 * drive other wire formats with fake timers.
 */
export function loadChatDecoder(): Promise<typeof createChatDecoder> {
  return loadLazyProtocols().then((m) => m.createChatDecoder);
}

/**
 * Whether `message` is a chatwire event by the same rules as `detectProtocolFromMessage`,
 * decided without them: a chatwire event name other than `message`, whose data is not an
 * object with `type`, `choices` or `object` (other formats' marks), and, for `error`, is JSON.
 */
function isChatwireMessage(message: SSEMessage): boolean {
  const name = message.event;
  if (name === 'message' || CHATWIRE_READERS[name] === undefined) return false;
  const data = parseJson(message.data);
  if (data === INVALID_JSON) return name !== 'error';
  return !isRecord(data) || !('type' in data || 'choices' in data || 'object' in data);
}

/**
 * The session controller's decoder. Only chatwire's adapter (the server companion's
 * protocol) is in the initial bundle: with `auto`, a first message that is plainly
 * chatwire picks it at once; any other protocol, announcing headers, or a first message
 * that needs the full detection, loads `createChatDecoder` (all adapters) on demand and
 * hands it every message from then on. Same events as `createChatDecoder`. Internal.
 */
export function createSessionDecoder(requested: ChatProtocol, headers?: HeadersLike): SessionDecoder {
  if (requested !== 'auto' && !CHAT_PROTOCOLS.includes(requested)) {
    throw new TypeError(
      `createChatDecoder: unknown protocol ${JSON.stringify(requested)}. Use 'auto' or one of ${CHAT_PROTOCOLS.join(', ')}.`,
    );
  }
  let chatwire: ProtocolAdapter | undefined = requested === 'chatwire' ? createChatwireAdapter() : undefined;
  let full: ChatDecoder | undefined;
  let pending: Promise<ChatDecoder> | undefined;
  const start = (): Awaitable<ChatDecoder> => {
    if (full) return full;
    const make = (create: typeof createChatDecoder) => (full = create({ protocol: requested, headers }));
    return loaded ? make(loaded) : (pending ??= loadChatDecoder().then(make));
  };
  const through = (call: (decoder: ChatDecoder) => ChatEvent[]): Awaitable<ChatEvent[]> => {
    const decoder = start();
    return decoder instanceof Promise ? decoder.then(call) : call(decoder);
  };
  // Another protocol is known before the first message: start loading its decoder now.
  const announced = requested === 'auto' && detectProtocolFromHeaders(headers) !== undefined;
  if (announced || (requested !== 'auto' && requested !== 'chatwire')) {
    const started = start();
    if (started instanceof Promise) started.catch(() => undefined); // reported by the first push
  }

  return {
    get protocol(): ChatProtocol {
      return chatwire ? 'chatwire' : (full?.protocol ?? requested);
    },
    push(message) {
      if (chatwire) return chatwire.push(message);
      if (!full && !pending && !announced && requested === 'auto' && isChatwireMessage(message)) {
        chatwire = createChatwireAdapter();
        return chatwire.push(message);
      }
      return through((decoder) => decoder.push(message));
    },
    end() {
      if (chatwire) return chatwire.end();
      if (!full && !pending) return [];
      return through((decoder) => decoder.end());
    },
  };
}
