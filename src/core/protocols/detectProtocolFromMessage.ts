import type { SSEMessage } from '../sse/index';
import type { ResolvedChatProtocol } from './ChatProtocol';
import { CHATWIRE_READERS } from './internal/chatwireEventReaders';
import { INVALID_JSON, isRecord, parseJson } from './internal/json';

const ANTHROPIC_TYPES = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
]);

const AI_SDK_UI_TYPES = new Set([
  'start',
  'start-step',
  'finish-step',
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-input-error',
  'tool-output-available',
  'tool-output-error',
  'source-url',
  'source-document',
  'file',
  'message-metadata',
  'finish',
  'abort',
]);

const DATA_STREAM_LINE = /^[0-9a-z]:/;

/**
 * Guesses the protocol from one SSE message (or, for the AI SDK data stream, one line in
 * `data`): Anthropic `message_start` and other `content_block_*` types, OpenAI
 * `chat.completion.chunk` objects, `response.*` types, AI SDK UI chunks such as
 * `{"type":"start"}`, data-stream lines like `0:"Hi"`, chatwire event names. `undefined`
 * when the message says nothing (e.g. `[DONE]`, a `ping`).
 *
 * @example
 * ```ts
 * detectProtocolFromMessage({ event: 'message_start', data: '{"type":"message_start"}', id: '' }); // 'anthropic'
 * ```
 */
export function detectProtocolFromMessage(message: SSEMessage): ResolvedChatProtocol | undefined {
  const name = message.event;
  if (ANTHROPIC_TYPES.has(name)) return 'anthropic';
  if (name.startsWith('response.')) return 'openai-responses';
  const data = parseJson(message.data);
  if (data === INVALID_JSON) {
    if (name === 'message' && DATA_STREAM_LINE.test(message.data)) return 'ai-sdk-data';
    return name !== 'message' && name !== 'error' && CHATWIRE_READERS[name] !== undefined ? 'chatwire' : undefined;
  }
  if (!isRecord(data)) return name !== 'message' && CHATWIRE_READERS[name] !== undefined ? 'chatwire' : undefined;
  const type = typeof data['type'] === 'string' ? data['type'] : undefined;
  if (type !== undefined) {
    if (ANTHROPIC_TYPES.has(type)) return 'anthropic';
    if (type.startsWith('response.')) return 'openai-responses';
    if (type === 'error' && isRecord(data['error'])) return 'anthropic';
    if (type === 'error' && 'sequence_number' in data) return 'openai-responses';
  }
  if (data['object'] === 'chat.completion.chunk' || Array.isArray(data['choices'])) return 'openai-chat';
  if (name !== 'message') return CHATWIRE_READERS[name] !== undefined ? 'chatwire' : undefined;
  if (type !== undefined && (AI_SDK_UI_TYPES.has(type) || type.startsWith('data-') || (type === 'error' && 'errorText' in data))) {
    return 'ai-sdk-ui';
  }
  if (type !== undefined && CHATWIRE_READERS[type] !== undefined) return 'chatwire';
  if (isRecord(data['error'])) return 'openai-chat';
  return undefined;
}
