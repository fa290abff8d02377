import type { ChatEvent, Citation } from '../../events';
import type { ProtocolAdapter } from '../internal/ProtocolAdapter';
import { INVALID_JSON, isRecord, parseJson, pickString, pickValue } from '../internal/json';
import { malformedEvent } from '../internal/malformedEvent';
import { normalizeFinishReason } from '../internal/normalizeFinishReason';
import { normalizeUsage } from '../internal/normalizeUsage';

const STATUS_DATA = new Set(['data-status', 'data-progress']);

/** `data-status` / `data-progress` parts that carry a line of text (a string, or `{ text | message | status }`) become `status`. */
function statusEvents(type: string, d: Record<string, unknown>): ChatEvent[] {
  if (!STATUS_DATA.has(type)) return [];
  const data = d['data'];
  const text = typeof data === 'string' ? data : isRecord(data) ? pickString(data, 'text', 'message', 'status') : undefined;
  return text === undefined ? [] : [{ type: 'status', text }];
}

/**
 * Vercel AI SDK UI message stream v1 (`x-vercel-ai-ui-message-stream: v1`): JSON chunks in
 * SSE `data`, ended by `[DONE]`. `data-status` and `data-progress` parts with text become
 * `status`; other `data-*` parts, steps, files and metadata are ignored.
 */
export function createAiSdkUiAdapter(): ProtocolAdapter {
  let finished = false;

  function handle(type: string, d: Record<string, unknown>): ChatEvent[] {
    switch (type) {
      case 'start': {
        const messageId = pickString(d, 'messageId');
        return [messageId === undefined ? { type: 'session' } : { type: 'session', messageId }];
      }
      case 'text-delta': {
        const delta = pickString(d, 'delta', 'textDelta') ?? '';
        return delta === '' ? [] : [{ type: 'text-delta', delta }];
      }
      case 'reasoning-delta':
      case 'reasoning': {
        const delta = pickString(d, 'delta', 'text') ?? '';
        return delta === '' ? [] : [{ type: 'reasoning-delta', delta }];
      }
      case 'tool-input-start': {
        const toolCallId = pickString(d, 'toolCallId') ?? '';
        return [{ type: 'tool-call-start', toolCallId, name: pickString(d, 'toolName') ?? 'tool' }];
      }
      case 'tool-input-delta': {
        const argsDelta = pickString(d, 'inputTextDelta') ?? '';
        if (argsDelta === '') return [];
        return [{ type: 'tool-call-delta', toolCallId: pickString(d, 'toolCallId') ?? '', argsDelta }];
      }
      case 'tool-input-available':
        return [{ type: 'tool-call', toolCallId: pickString(d, 'toolCallId') ?? '', name: pickString(d, 'toolName') ?? 'tool', args: d['input'] ?? {} }];
      case 'tool-input-error': {
        const toolCallId = pickString(d, 'toolCallId') ?? '';
        return [
          { type: 'tool-call', toolCallId, name: pickString(d, 'toolName') ?? 'tool', args: d['input'] ?? {} },
          { type: 'tool-result', toolCallId, result: pickString(d, 'errorText') ?? 'Invalid tool input.', isError: true },
        ];
      }
      case 'tool-output-available':
        return [{ type: 'tool-result', toolCallId: pickString(d, 'toolCallId') ?? '', result: pickValue(d, 'output') ?? null }];
      case 'tool-output-error':
        return [{ type: 'tool-result', toolCallId: pickString(d, 'toolCallId') ?? '', result: pickString(d, 'errorText') ?? 'Tool failed.', isError: true }];
      case 'source-url':
      case 'source-document':
        return [{ type: 'citations', citations: [sourceCitation(type, d)] }];
      case 'finish':
        if (finished) return [];
        finished = true;
        return [doneEvent(d)];
      case 'abort': {
        finished = true;
        const reason = pickString(d, 'reason');
        return [reason === undefined ? { type: 'cancelled' } : { type: 'cancelled', reason }];
      }
      case 'error':
        finished = true;
        return [{ type: 'error', message: pickString(d, 'errorText', 'message') ?? 'The AI SDK stream reported an error without text.' }];
      default:
        return statusEvents(type, d);
    }
  }

  return {
    push(message) {
      const text = message.data;
      if (text.trim() === '[DONE]') {
        if (finished) return [];
        finished = true;
        return [{ type: 'done' }];
      }
      const data = parseJson(text);
      if (data === INVALID_JSON) return [malformedEvent('ai-sdk-ui', 'chunk', text)];
      if (!isRecord(data)) return [malformedEvent('ai-sdk-ui', 'chunk', text, 'is not a JSON object')];
      const type = pickString(data, 'type');
      if (type === undefined) return [malformedEvent('ai-sdk-ui', 'chunk', text, 'has no "type"')];
      return handle(type, data);
    },
    end: () => [],
  };
}

/** The citation of a `source-url` or `source-document` part. */
function sourceCitation(type: 'source-url' | 'source-document', d: Record<string, unknown>): Citation {
  if (type === 'source-document') {
    const title = pickString(d, 'title', 'filename');
    return { id: pickString(d, 'sourceId') ?? '', ...(title !== undefined && { title }) };
  }
  const url = pickString(d, 'url');
  const title = pickString(d, 'title');
  return { id: pickString(d, 'sourceId') ?? url ?? '', ...(title !== undefined && { title }), ...(url !== undefined && { url }) };
}

/** `done` for a `finish` part, with its reason and usage (also read from the message metadata). */
function doneEvent(d: Record<string, unknown>): ChatEvent {
  const done: ChatEvent = { type: 'done' };
  const reason = normalizeFinishReason(d['finishReason']);
  const metadata = isRecord(d['messageMetadata']) ? d['messageMetadata'] : {};
  const usage = normalizeUsage(d['usage'] ?? metadata['usage'] ?? metadata['totalUsage']);
  if (reason !== undefined) done.finishReason = reason;
  if (usage !== undefined) done.usage = usage;
  return done;
}
