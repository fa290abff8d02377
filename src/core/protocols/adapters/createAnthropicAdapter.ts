import type { ChatEvent, Citation, Usage } from '../../events';
import type { ProtocolAdapter } from '../internal/ProtocolAdapter';
import { CitationNumbering } from '../internal/CitationNumbering';
import { completeToolCall } from '../internal/completeToolCall';
import { INVALID_JSON, isRecord, pickNumber, pickString } from '../internal/json';
import { parseJson } from '../internal/json';
import { malformedEvent } from '../internal/malformedEvent';
import { normalizeFinishReason } from '../internal/normalizeFinishReason';
import { normalizeUsage } from '../internal/normalizeUsage';

const RETRYABLE = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

interface OpenToolUse {
  id: string;
  name: string;
  json: string;
  input: unknown;
}

/**
 * Anthropic Messages streaming: `message_start`, `content_block_start|delta|stop`,
 * `message_delta`, `message_stop`, `ping`, `error`. Tool input JSON is accumulated per
 * content block index; web search results and text citations become `citations`.
 */
// Over 80 lines: a factory of small closures over one stream's state (tool uses by block
// index, citation numbering, usage); the longest, handle, is one case per event type.
export function createAnthropicAdapter(): ProtocolAdapter {
  const tools = new Map<number, OpenToolUse>();
  const numbering = new CitationNumbering();
  let usage: Usage | undefined;
  let finishReason: string | undefined;
  let finished = false;

  function mergeUsage(raw: unknown): void {
    const next = normalizeUsage(raw);
    if (next !== undefined) usage = { ...usage, ...next };
  }

  function doneEvent(): ChatEvent {
    finished = true;
    const done: ChatEvent = { type: 'done' };
    if (finishReason !== undefined) done.finishReason = finishReason;
    if (usage !== undefined) {
      const total = (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
      done.usage = usage.totalTokens === undefined && total > 0 ? { ...usage, totalTokens: total } : usage;
    }
    return done;
  }

  function closeBlock(index: number): ChatEvent[] {
    const tool = tools.get(index);
    if (tool === undefined) return [];
    tools.delete(index);
    if (tool.json === '' && isRecord(tool.input) && Object.keys(tool.input).length > 0) {
      return [{ type: 'tool-call', toolCallId: tool.id, name: tool.name, args: tool.input }];
    }
    return completeToolCall('anthropic', tool.id, tool.name, tool.json);
  }

  function webSearchResult(block: Record<string, unknown>): ChatEvent[] {
    const toolCallId = pickString(block, 'tool_use_id') ?? '';
    const content = block['content'];
    if (!Array.isArray(content)) {
      return [{ type: 'tool-result', toolCallId, result: content ?? null, isError: true }];
    }
    const citations: Citation[] = [];
    for (const item of content) {
      if (!isRecord(item)) continue;
      const url = pickString(item, 'url');
      if (url === undefined) continue;
      citations.push(numbering.cite(url, { url, title: pickString(item, 'title') }));
    }
    const events: ChatEvent[] = [{ type: 'tool-result', toolCallId, result: citations.map(({ id, url, title }) => ({ id, url, title })) }];
    if (citations.length > 0) events.push({ type: 'citations', citations });
    return events;
  }

  function citationDelta(citation: Record<string, unknown>): ChatEvent[] {
    const url = pickString(citation, 'url');
    const documentIndex = pickNumber(citation, 'document_index');
    const key = url ?? (documentIndex !== undefined ? `document:${documentIndex}` : undefined);
    if (key === undefined) return [];
    const cited = numbering.cite(key, {
      url,
      title: pickString(citation, 'title', 'document_title'),
      snippet: pickString(citation, 'cited_text'),
    });
    return [{ type: 'citations', citations: [cited] }];
  }

  /** A content block opens: text or thinking may already carry text; a tool use opens a call. */
  function blockStart(data: Record<string, unknown>): ChatEvent[] {
    const index = pickNumber(data, 'index') ?? 0;
    const block = isRecord(data['content_block']) ? data['content_block'] : {};
    const blockType = pickString(block, 'type');
    if (blockType === 'text') {
      const text = pickString(block, 'text') ?? '';
      return text === '' ? [] : [{ type: 'text-delta', delta: text }];
    }
    if (blockType === 'thinking') {
      const thinking = pickString(block, 'thinking') ?? '';
      return thinking === '' ? [] : [{ type: 'reasoning-delta', delta: thinking }];
    }
    if (blockType === 'tool_use' || blockType === 'server_tool_use') {
      const id = pickString(block, 'id') ?? `block-${index}`;
      const name = pickString(block, 'name') ?? 'tool';
      tools.set(index, { id, name, json: '', input: block['input'] });
      return [{ type: 'tool-call-start', toolCallId: id, name }];
    }
    if (blockType === 'web_search_tool_result') return webSearchResult(block);
    return [];
  }

  /** A content block grows: text, thinking, tool input JSON or a citation. */
  function blockDelta(data: Record<string, unknown>): ChatEvent[] {
    const index = pickNumber(data, 'index') ?? 0;
    const delta = isRecord(data['delta']) ? data['delta'] : {};
    switch (pickString(delta, 'type')) {
      case 'text_delta': {
        const text = pickString(delta, 'text') ?? '';
        return text === '' ? [] : [{ type: 'text-delta', delta: text }];
      }
      case 'thinking_delta': {
        const thinking = pickString(delta, 'thinking') ?? '';
        return thinking === '' ? [] : [{ type: 'reasoning-delta', delta: thinking }];
      }
      case 'input_json_delta': {
        const tool = tools.get(index);
        const partial = pickString(delta, 'partial_json') ?? '';
        if (tool === undefined || partial === '') return [];
        tool.json += partial;
        return [{ type: 'tool-call-delta', toolCallId: tool.id, argsDelta: partial }];
      }
      case 'citations_delta':
        return isRecord(delta['citation']) ? citationDelta(delta['citation']) : [];
      default:
        return []; // signature_delta and future delta types
    }
  }

  function handle(type: string, data: Record<string, unknown>): ChatEvent[] {
    switch (type) {
      case 'message_start': {
        const message = isRecord(data['message']) ? data['message'] : {};
        mergeUsage(message['usage']);
        const messageId = pickString(message, 'id');
        return [messageId === undefined ? { type: 'session' } : { type: 'session', messageId }];
      }
      case 'content_block_start':
        return blockStart(data);
      case 'content_block_delta':
        return blockDelta(data);
      case 'content_block_stop':
        return closeBlock(pickNumber(data, 'index') ?? 0);
      case 'message_delta': {
        const delta = isRecord(data['delta']) ? data['delta'] : {};
        finishReason = normalizeFinishReason(delta['stop_reason']) ?? finishReason;
        mergeUsage(data['usage']);
        return [];
      }
      case 'message_stop':
        return finished ? [] : [doneEvent()];
      case 'error': {
        const error = isRecord(data['error']) ? data['error'] : data;
        const code = pickString(error, 'type') ?? 'error';
        const message = pickString(error, 'message') ?? 'Anthropic reported an error without a message.';
        finished = true;
        return [{ type: 'error', message, code, retryable: RETRYABLE.has(code) }];
      }
      default:
        return []; // ping and event types added later
    }
  }

  return {
    push(message) {
      const parsed = parseJson(message.data);
      const name = message.event === 'message' ? 'message' : message.event;
      if (parsed === INVALID_JSON) return [malformedEvent('anthropic', name, message.data)];
      if (!isRecord(parsed)) return [malformedEvent('anthropic', name, message.data, 'is not a JSON object')];
      return handle(pickString(parsed, 'type') ?? message.event, parsed);
    },
    end() {
      const events: ChatEvent[] = [];
      for (const index of [...tools.keys()]) events.push(...closeBlock(index));
      if (!finished && finishReason !== undefined) events.push(doneEvent());
      return events;
    },
  };
}
