import type { ChatEvent, Citation, ToolClaimEvent } from '../../events';
import { isRecord, pickBoolean, pickId, pickNumber, pickString, pickValue } from './json';
import { normalizeFinishReason } from './normalizeFinishReason';
import { normalizeUsage } from './normalizeUsage';
import { INVALID_JSON, parseJson } from './json';

/** Builds one event from a chatwire data object, or returns what is missing. */
type Reader = (data: Record<string, unknown>) => ChatEvent | string;

const TEXT_KEYS = ['delta', 'token', 'text', 'content'] as const;
const TOOL_ID_KEYS = ['toolCallId', 'tool_call_id', 'id', 'toolUseId', 'tool_use_id'] as const;
const TOOL_NAME_KEYS = ['name', 'toolName', 'tool_name'] as const;

function textOf(data: Record<string, unknown>, extra: string[] = []): string | undefined {
  return pickString(data, ...TEXT_KEYS, ...extra);
}

function missing(field: string): string {
  return `has no "${field}" string`;
}

/** Tool arguments given as an object or as JSON text. */
function argsOf(data: Record<string, unknown>): unknown {
  const raw = pickValue(data, 'args', 'arguments', 'input');
  if (typeof raw !== 'string') return raw ?? {};
  if (raw.trim() === '') return {};
  const parsed = parseJson(raw);
  return parsed === INVALID_JSON ? raw : parsed;
}

/** Citations from `{ citations: [...] }`, `{ sources: [...] }` or a bare array. */
export function readCitations(raw: unknown): Citation[] | undefined {
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? (raw['citations'] ?? raw['sources']) : undefined;
  if (!Array.isArray(list)) return undefined;
  const citations: Citation[] = [];
  list.forEach((item, index) => {
    if (!isRecord(item)) return;
    const citation: Citation = { id: pickId(item, 'id', 'index', 'number', 'sourceId') ?? String(index + 1) };
    const title = pickString(item, 'title', 'name');
    const url = pickString(item, 'url', 'href', 'link');
    const snippet = pickString(item, 'snippet', 'text', 'quote', 'excerpt');
    const timestamp = pickString(item, 'timestamp', 'time');
    const speaker = pickString(item, 'speaker');
    if (title !== undefined) citation.title = title;
    if (url !== undefined) citation.url = url;
    if (snippet !== undefined) citation.snippet = snippet;
    if (timestamp !== undefined) citation.timestamp = timestamp;
    if (speaker !== undefined) citation.speaker = speaker;
    citations.push(citation);
  });
  return citations;
}

const session: Reader = (d) => {
  const event: ChatEvent = { type: 'session' };
  const conversationId = pickId(d, 'conversationId', 'conversation_id', 'sessionId', 'session_id');
  const streamId = pickId(d, 'streamId', 'stream_id');
  const messageId = pickId(d, 'messageId', 'message_id');
  if (conversationId !== undefined) event.conversationId = conversationId;
  if (streamId !== undefined) event.streamId = streamId;
  if (messageId !== undefined) event.messageId = messageId;
  const parentId = pickString(d, 'parentId', 'parent_id');
  if (parentId !== undefined) event.parentId = parentId;
  return event;
};

const textDelta: Reader = (d) => {
  const delta = textOf(d);
  return delta === undefined ? missing('delta') : { type: 'text-delta', delta };
};

const reasoningDelta: Reader = (d) => {
  const delta = textOf(d, ['thinking', 'reasoning']);
  return delta === undefined ? missing('delta') : { type: 'reasoning-delta', delta };
};

const toolCall: Reader = (d) => {
  const toolCallId = pickId(d, ...TOOL_ID_KEYS);
  const name = pickString(d, ...TOOL_NAME_KEYS);
  if (toolCallId === undefined) return missing('toolCallId');
  if (name === undefined) return missing('name');
  return { type: 'tool-call', toolCallId, name, args: argsOf(d) };
};

const toolResult: Reader = (d) => {
  const toolCallId = pickId(d, ...TOOL_ID_KEYS);
  if (toolCallId === undefined) return missing('toolCallId');
  const event: ChatEvent = { type: 'tool-result', toolCallId, result: pickValue(d, 'result', 'output', 'content') ?? null };
  const isError = pickBoolean(d, 'isError', 'is_error');
  if (isError !== undefined) event.isError = isError;
  return event;
};

const done: Reader = (d) => {
  const event: ChatEvent = { type: 'done' };
  const finishReason = normalizeFinishReason(pickString(d, 'finishReason', 'finish_reason', 'reason', 'stop_reason'));
  const usage = normalizeUsage(d['usage']);
  const processingTimeMs = pickNumber(d, 'processingTimeMs', 'processing_time_ms', 'processingTime', 'elapsedMs');
  if (finishReason !== undefined) event.finishReason = finishReason;
  if (usage !== undefined) event.usage = usage;
  if (processingTimeMs !== undefined) event.processingTimeMs = processingTimeMs;
  return event;
};

const error: Reader = (d) => {
  const nested = isRecord(d['error']) ? d['error'] : undefined;
  const message =
    pickString(d, 'message', 'errorText') ??
    (typeof d['error'] === 'string' ? d['error'] : undefined) ??
    (nested ? pickString(nested, 'message') : undefined);
  if (message === undefined) return missing('message');
  const event: ChatEvent = { type: 'error', message };
  const code = pickString(d, 'code') ?? (nested ? pickString(nested, 'code', 'type') : undefined);
  const retryable = pickBoolean(d, 'retryable');
  const status = pickNumber(d, 'status');
  const fatal = pickBoolean(d, 'fatal');
  if (code !== undefined) event.code = code;
  if (retryable !== undefined) event.retryable = retryable;
  if (status !== undefined) event.status = status;
  if (fatal !== undefined) event.fatal = fatal;
  return event;
};

/**
 * Readers for every chatwire event name: the canonical ChatEvent types and the legacy names
 * (`token`, `thinking`, `tool_call`, `tool_result`, ...) of hand-written servers. Each
 * accepts the common field spellings.
 */
export const CHATWIRE_READERS: Readonly<Record<string, Reader>> = {
  session,
  'user-message': (d) => {
    const messageId = pickId(d, 'messageId', 'message_id', 'id');
    const text = textOf(d);
    if (messageId === undefined) return missing('messageId');
    if (text === undefined) return missing('text');
    const parentId = pickString(d, 'parentId', 'parent_id');
    return parentId === undefined ? { type: 'user-message', messageId, text } : { type: 'user-message', messageId, text, parentId };
  },
  branch: (d) => {
    const messageId = pickId(d, 'messageId', 'message_id', 'id');
    return messageId === undefined ? missing('messageId') : { type: 'branch', messageId };
  },
  status: (d) => {
    const text = pickString(d, 'text', 'status', 'message', 'content');
    return text === undefined ? missing('text') : { type: 'status', text };
  },
  'text-delta': textDelta,
  token: textDelta,
  'reasoning-delta': reasoningDelta,
  thinking: reasoningDelta,
  'tool-call-start': (d) => {
    const toolCallId = pickId(d, ...TOOL_ID_KEYS);
    const name = pickString(d, ...TOOL_NAME_KEYS);
    if (toolCallId === undefined) return missing('toolCallId');
    return name === undefined ? missing('name') : { type: 'tool-call-start', toolCallId, name };
  },
  'tool-call-delta': (d) => {
    const toolCallId = pickId(d, ...TOOL_ID_KEYS);
    const argsDelta = pickString(d, 'argsDelta', 'args_delta', 'argsTextDelta', 'delta');
    if (toolCallId === undefined) return missing('toolCallId');
    return argsDelta === undefined ? missing('argsDelta') : { type: 'tool-call-delta', toolCallId, argsDelta };
  },
  'tool-call': toolCall,
  tool_call: toolCall,
  'tool-executing': (d) => {
    const toolCallId = pickId(d, ...TOOL_ID_KEYS);
    if (toolCallId === undefined) return missing('toolCallId');
    return pickString(d, 'runsOn', 'runs_on') === 'page' ? { type: 'tool-executing', toolCallId, runsOn: 'page' } : { type: 'tool-executing', toolCallId };
  },
  'tool-claim': (d) => {
    const toolCallId = pickId(d, ...TOOL_ID_KEYS);
    const by = pickString(d, 'by');
    if (toolCallId === undefined) return missing('toolCallId');
    if (by === undefined) return missing('by');
    const event: ToolClaimEvent = pickBoolean(d, 'interrupted') === true ? { type: 'tool-claim', toolCallId, by, interrupted: true } : { type: 'tool-claim', toolCallId, by };
    const choice = pickString(d, 'choice');
    if (choice === 'rerun' || choice === 'report') event.choice = choice;
    return event;
  },
  'tool-result': toolResult,
  tool_result: toolResult,
  'approval-request': (d) => {
    const toolCallId = pickId(d, ...TOOL_ID_KEYS);
    const name = pickString(d, ...TOOL_NAME_KEYS);
    if (toolCallId === undefined) return missing('toolCallId');
    if (name === undefined) return missing('name');
    const event: ChatEvent = { type: 'approval-request', toolCallId, name, args: argsOf(d) };
    const expiresAt = pickNumber(d, 'expiresAt', 'expires_at');
    if (expiresAt !== undefined) event.expiresAt = expiresAt;
    return event;
  },
  'approval-decision': (d) => {
    const toolCallId = pickId(d, ...TOOL_ID_KEYS);
    const approved = pickBoolean(d, 'approved');
    if (toolCallId === undefined) return missing('toolCallId');
    if (approved === undefined) return 'has no "approved" boolean';
    const event: ChatEvent = { type: 'approval-decision', toolCallId, approved };
    const reason = pickString(d, 'reason');
    const decidedBy = pickString(d, 'decidedBy', 'decided_by');
    if (reason !== undefined) event.reason = reason;
    if (decidedBy === 'user' || decidedBy === 'timeout' || decidedBy === 'stop') event.decidedBy = decidedBy;
    return event;
  },
  citations: (d) => {
    const citations = readCitations(d);
    return citations === undefined ? 'has no "citations" array' : { type: 'citations', citations };
  },
  done,
  error,
  cancelled: (d) => {
    const reason = pickString(d, 'reason', 'message');
    return reason === undefined ? { type: 'cancelled' } : { type: 'cancelled', reason };
  },
  feedback: (d) => {
    const messageId = pickId(d, 'messageId', 'message_id');
    const value = d['value'];
    if (messageId === undefined) return missing('messageId');
    return value === 'up' || value === 'down' || value === null ? { type: 'feedback', messageId, value } : 'has no "value" of "up", "down" or null';
  },
};
