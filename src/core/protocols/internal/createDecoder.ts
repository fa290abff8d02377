import type { ChatEvent } from '../../events';
import type { SSEMessage } from '../../sse/SSEMessage';
import type { ChatProtocol, ResolvedChatProtocol } from '../ChatProtocol';
import { CHAT_PROTOCOLS } from '../ChatProtocol';
import type { HeadersLike } from '../detectProtocolFromHeaders';
import { detectProtocolFromHeaders } from '../detectProtocolFromHeaders';
import { detectProtocolFromMessage } from '../detectProtocolFromMessage';
import { excerpt } from './malformedEvent';
import type { ProtocolAdapter } from './ProtocolAdapter';

/** A value, or a promise of it while an adapter's module loads. */
export type Awaitable<T> = T | Promise<T>;

/** An adapter constructor, given at once or once its module has loaded. */
export type AdapterSource = (protocol: ResolvedChatProtocol) => Awaitable<() => ProtocolAdapter>;

/**
 * A {@link ChatDecoder} whose `push` and `end` return a promise while the adapter of the
 * detected protocol is loading (only then; a loaded adapter answers synchronously). Promises
 * settle in the order of the calls.
 */
export interface AwaitableChatDecoder {
  readonly protocol: ChatProtocol;
  push(message: SSEMessage): Awaitable<ChatEvent[]>;
  end(): Awaitable<ChatEvent[]>;
}

/** With `auto`, how many unrecognizable messages are held before giving up. */
const MAX_UNDETECTED = 16;

function unknownProtocol(held: SSEMessage[]): ChatEvent {
  const first = held[0];
  const sample = first === undefined ? '' : `; the first was event "${first.event}" with data ${JSON.stringify(excerpt(first.data))}`;
  return {
    type: 'error',
    code: 'unknown_protocol',
    retryable: false,
    message: `chatwire could not tell the wire format from ${held.length} message(s)${sample}. Pass \`protocol\` explicitly (one of ${CHAT_PROTOCOLS.join(', ')}).`,
  };
}

/**
 * The decoding logic shared by `createChatDecoder` (every adapter imported, always
 * synchronous) and the session controller (adapters other than chatwire's loaded on
 * demand): protocol from `protocol`, else from headers, else from the first recognizable
 * message, with the messages seen until then replayed into the adapter. Internal.
 */
export function createDecoder(
  requested: ChatProtocol,
  headers: HeadersLike | undefined,
  source: AdapterSource,
): AwaitableChatDecoder {
  if (requested !== 'auto' && !CHAT_PROTOCOLS.includes(requested)) {
    throw new TypeError(
      `createChatDecoder: unknown protocol ${JSON.stringify(requested)}. Use 'auto' or one of ${CHAT_PROTOCOLS.join(', ')}.`,
    );
  }
  let resolved: ResolvedChatProtocol | undefined = requested === 'auto' ? detectProtocolFromHeaders(headers) : requested;
  let adapter: ProtocolAdapter | undefined;
  let loading: Promise<ProtocolAdapter> | undefined;
  let held: SSEMessage[] = [];
  let gaveUp = false;

  const start = (protocol: ResolvedChatProtocol): Awaitable<ProtocolAdapter> => {
    resolved = protocol;
    const made = source(protocol);
    if (typeof made === 'function') return (adapter = made());
    return (loading = made.then((create) => (adapter = create())));
  };
  /** Feeds the messages held while detecting into the adapter. */
  const replay = (active: ProtocolAdapter): ChatEvent[] => {
    const events: ChatEvent[] = [];
    for (const message of held) events.push(...active.push(message));
    held = [];
    return events;
  };
  const giveUp = (): ChatEvent[] => {
    const error = unknownProtocol(held);
    held = [];
    return [error];
  };
  if (resolved !== undefined) start(resolved);

  return {
    get protocol(): ChatProtocol {
      return resolved ?? 'auto';
    },
    push(message) {
      if (adapter !== undefined) return adapter.push(message);
      if (loading !== undefined) return loading.then((active) => active.push(message));
      if (gaveUp) return [];
      held.push(message);
      const detected = detectProtocolFromMessage(message);
      if (detected !== undefined) {
        const started = start(detected);
        return started instanceof Promise ? started.then(replay) : replay(started);
      }
      if (held.length < MAX_UNDETECTED) return [];
      gaveUp = true;
      return giveUp();
    },
    end() {
      if (adapter !== undefined) return adapter.end();
      if (loading !== undefined) return loading.then((active) => active.end());
      if (gaveUp || held.length === 0) return [];
      return giveUp();
    },
  };
}
