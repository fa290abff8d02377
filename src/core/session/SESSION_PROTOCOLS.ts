import type { ResolvedChatProtocol } from '../protocols/ChatProtocol';

/**
 * `CHAT_PROTOCOLS`, kept here so the session's initial code imports no module of the lazy
 * protocol chunk (a shared module would make bundlers split it into a chunk of its own).
 * A test pins that both lists are equal. Internal.
 */
export const SESSION_PROTOCOLS: readonly ResolvedChatProtocol[] = [
  'chatwire',
  'anthropic',
  'openai-chat',
  'openai-responses',
  'ai-sdk-ui',
  'ai-sdk-data',
];
