import { ChatwireError } from '../errors';
import { messageOf } from '../messageOf';
import type { createChatDecoder } from './createChatDecoder';

let loaded: typeof createChatDecoder | undefined;
let loading: Promise<typeof import('./lazyProtocols')> | undefined;

/**
 * Loads the lazy protocol chunk (`createChatDecoder` with every adapter and the full
 * auto-detection, and the AI SDK data stream's line framing); once loaded, later decoders
 * use it synchronously ({@link loadedChatDecoder}). A chunk that fails to load rejects with a
 * retryable `adapter_load_failed` error, and the next call tries again. Internal.
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
        `chatwire could not load the decoder of wire formats other than its own (${messageOf(e)}). Check that the app serves the lazy chunks its bundler emitted for chatwire, then retry.`,
        { code: 'adapter_load_failed', retryable: true, cause: e },
      );
    },
  ));
}

/** `createChatDecoder` once {@link loadLazyProtocols} has loaded it, otherwise `undefined`. Internal. */
export function loadedChatDecoder(): typeof createChatDecoder | undefined {
  return loaded;
}

/**
 * Loads `createChatDecoder` through {@link loadLazyProtocols}. Internal; tests await it to
 * drive other wire formats with fake timers.
 */
export function loadChatDecoder(): Promise<typeof createChatDecoder> {
  return loadLazyProtocols().then((m) => m.createChatDecoder);
}
