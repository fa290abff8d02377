import { ChatwireError } from '../../errors';
import { createChatwireAdapter } from '../adapters/createChatwireAdapter';
import type { ResolvedChatProtocol } from '../ChatProtocol';
import type { Awaitable } from './createDecoder';
import type { ProtocolAdapter } from './ProtocolAdapter';

type AdapterFactory = () => ProtocolAdapter;

const loaded = new Map<ResolvedChatProtocol, AdapterFactory>([['chatwire', createChatwireAdapter]]);

/**
 * The adapter of `protocol`: chatwire's (the server companion's protocol) at once, the
 * others through one dynamic `import()` of them all the first time (a lazy chunk of
 * ~8 kB gzip; later calls answer synchronously).
 * A chunk that fails to load rejects with a `ChatwireError` (`adapter_load_failed`,
 * retryable) naming the protocol. Internal to the session controller.
 */
export function loadAdapter(protocol: ResolvedChatProtocol): Awaitable<AdapterFactory> {
  const ready = loaded.get(protocol);
  if (ready) return ready;
  return import('./otherAdapters').then(
    ({ OTHER_ADAPTERS }) => {
      for (const [name, factory] of Object.entries(OTHER_ADAPTERS)) loaded.set(name as ResolvedChatProtocol, factory);
      return OTHER_ADAPTERS[protocol as keyof typeof OTHER_ADAPTERS];
    },
    (e: unknown) => {
      throw new ChatwireError(
        `chatwire could not load the decoder for the "${protocol}" wire format (${e instanceof Error ? e.message : String(e)}). Check that the app serves the lazy chunks its bundler emitted for chatwire, then retry.`,
        { code: 'adapter_load_failed', retryable: true, cause: e },
      );
    },
  );
}
