import { ChatwireError } from '../../errors';
import { createChatwireAdapter } from '../adapters/createChatwireAdapter';
import type { ResolvedChatProtocol } from '../ChatProtocol';
import type { Awaitable } from './createDecoder';
import type { ProtocolAdapter } from './ProtocolAdapter';

type AdapterFactory = () => ProtocolAdapter;

/** One dynamic import per adapter, so a bundler puts each in its own lazy chunk. */
const LOADERS: Record<Exclude<ResolvedChatProtocol, 'chatwire'>, () => Promise<AdapterFactory>> = {
  anthropic: () => import('../adapters/createAnthropicAdapter').then((m) => m.createAnthropicAdapter),
  'openai-chat': () => import('../adapters/createOpenAIChatAdapter').then((m) => m.createOpenAIChatAdapter),
  'openai-responses': () => import('../adapters/createOpenAIResponsesAdapter').then((m) => m.createOpenAIResponsesAdapter),
  'ai-sdk-ui': () => import('../adapters/createAiSdkUiAdapter').then((m) => m.createAiSdkUiAdapter),
  'ai-sdk-data': () => import('../adapters/createAiSdkDataAdapter').then((m) => m.createAiSdkDataAdapter),
};

const loaded = new Map<ResolvedChatProtocol, AdapterFactory>([['chatwire', createChatwireAdapter]]);

/**
 * The adapter of `protocol`: chatwire's (the server companion's protocol) at once, the
 * others through a dynamic `import()` the first time (later calls answer synchronously).
 * A chunk that fails to load rejects with a `ChatwireError` (`adapter_load_failed`,
 * retryable) naming the protocol. Internal to the session controller.
 */
export function loadAdapter(protocol: ResolvedChatProtocol): Awaitable<AdapterFactory> {
  const ready = loaded.get(protocol);
  if (ready) return ready;
  const load = LOADERS[protocol as Exclude<ResolvedChatProtocol, 'chatwire'>];
  return load().then(
    (factory) => {
      loaded.set(protocol, factory);
      return factory;
    },
    (e: unknown) => {
      throw new ChatwireError(
        `chatwire could not load the decoder for the "${protocol}" wire format (${e instanceof Error ? e.message : String(e)}). Check that the app serves the lazy chunks its bundler emitted for chatwire, then retry.`,
        { code: 'adapter_load_failed', retryable: true, cause: e },
      );
    },
  );
}
