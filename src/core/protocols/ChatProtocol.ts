/**
 * A wire format {@link createChatDecoder} and {@link decodeChatStream} can read.
 *
 * - `chatwire`: chatwire's own SSE protocol (see docs/PROTOCOL.md), plus the legacy event
 *   names of hand-written servers.
 * - `anthropic`: Anthropic Messages streaming.
 * - `openai-chat`: OpenAI Chat Completions streaming (`chat.completion.chunk`, `[DONE]`).
 * - `openai-responses`: OpenAI Responses API streaming (`response.*` events).
 * - `ai-sdk-ui`: Vercel AI SDK UI message stream v1 (SSE, JSON chunks, `[DONE]`).
 * - `ai-sdk-data`: Vercel AI SDK data stream (the older `0:"text"` line protocol).
 * - `auto`: the response headers decide, otherwise the first event does.
 */
export type ChatProtocol =
  | 'chatwire'
  | 'anthropic'
  | 'openai-chat'
  | 'openai-responses'
  | 'ai-sdk-ui'
  | 'ai-sdk-data'
  | 'auto';

/** A concrete wire format: any {@link ChatProtocol} but `auto`. */
export type ResolvedChatProtocol = Exclude<ChatProtocol, 'auto'>;

/**
 * Every {@link ResolvedChatProtocol}, for validation: the keys of a record the compiler
 * checks against the type, so the list cannot miss one (`createChatDecoder`'s adapter table
 * is checked the same way).
 */
export const CHAT_PROTOCOLS = Object.keys({
  chatwire: true,
  anthropic: true,
  'openai-chat': true,
  'openai-responses': true,
  'ai-sdk-ui': true,
  'ai-sdk-data': true,
} satisfies Record<ResolvedChatProtocol, true>) as readonly ResolvedChatProtocol[];
