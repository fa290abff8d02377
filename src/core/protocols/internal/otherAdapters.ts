import { createAiSdkDataAdapter } from '../adapters/createAiSdkDataAdapter';
import { createAiSdkUiAdapter } from '../adapters/createAiSdkUiAdapter';
import { createAnthropicAdapter } from '../adapters/createAnthropicAdapter';
import { createOpenAIChatAdapter } from '../adapters/createOpenAIChatAdapter';
import { createOpenAIResponsesAdapter } from '../adapters/createOpenAIResponsesAdapter';
import type { ResolvedChatProtocol } from '../ChatProtocol';
import type { ProtocolAdapter } from './ProtocolAdapter';

/**
 * The adapters of every wire format but chatwire's, in one module: `createChatDecoder`
 * imports it, the session controller loads it on demand (one lazy chunk). Internal.
 */
export const OTHER_ADAPTERS: Record<Exclude<ResolvedChatProtocol, 'chatwire'>, () => ProtocolAdapter> = {
  anthropic: createAnthropicAdapter,
  'openai-chat': createOpenAIChatAdapter,
  'openai-responses': createOpenAIResponsesAdapter,
  'ai-sdk-ui': createAiSdkUiAdapter,
  'ai-sdk-data': createAiSdkDataAdapter,
};
