import type { ChatEvent } from '../../events';
import type { ProtocolAdapter } from '../internal/ProtocolAdapter';
import { CitationNumbering } from '../internal/CitationNumbering';
import { completeToolCall } from '../internal/completeToolCall';
import { INVALID_JSON, isRecord, parseJson, pickNumber, pickString } from '../internal/json';
import { malformedEvent } from '../internal/malformedEvent';
import { normalizeFinishReason } from '../internal/normalizeFinishReason';
import { normalizeUsage } from '../internal/normalizeUsage';

const RETRYABLE = new Set(['server_error', 'rate_limit_exceeded', 'overloaded', 'timeout']);

interface FunctionCall {
  callId: string;
  name: string;
  args: string;
  completed: boolean;
}

/**
 * OpenAI Responses API streaming. `sequence_number` becomes `seq`; each message yields at
 * most one event (besides a malformed-tool-arguments warning, which gets no `seq`), so
 * replays dedupe cleanly.
 */
// Over 80 lines: a factory of small closures over one stream's state (calls by item id,
// citation numbering, finished); the longest, handle, is one case per event type.
export function createOpenAIResponsesAdapter(): ProtocolAdapter {
  const calls = new Map<string, FunctionCall>(); // by output item id
  const numbering = new CitationNumbering();
  let sawFunctionCall = false;
  let finished = false;

  function callFor(data: Record<string, unknown>): FunctionCall | undefined {
    const itemId = pickString(data, 'item_id');
    return itemId === undefined ? undefined : calls.get(itemId);
  }

  function complete(call: FunctionCall, args: string): ChatEvent[] {
    if (call.completed) return [];
    call.completed = true;
    return completeToolCall('openai-responses', call.callId, call.name, args);
  }

  function failure(error: Record<string, unknown>, fallback: string): ChatEvent {
    const code = pickString(error, 'code', 'type') ?? fallback;
    finished = true;
    return {
      type: 'error',
      message: pickString(error, 'message') ?? `OpenAI reported "${code}" without a message.`,
      code,
      retryable: RETRYABLE.has(code),
    };
  }

  /** A function call opens (other output items need no event). */
  function outputItemAdded(data: Record<string, unknown>): ChatEvent[] {
    const item = isRecord(data['item']) ? data['item'] : {};
    if (pickString(item, 'type') !== 'function_call') return [];
    const itemId = pickString(item, 'id') ?? `item-${pickNumber(data, 'output_index') ?? calls.size}`;
    const call: FunctionCall = {
      callId: pickString(item, 'call_id') ?? itemId,
      name: pickString(item, 'name') ?? 'tool',
      args: pickString(item, 'arguments') ?? '',
      completed: false,
    };
    calls.set(itemId, call);
    sawFunctionCall = true;
    return [{ type: 'tool-call-start', toolCallId: call.callId, name: call.name }];
  }

  /** `done` for `response.completed` or `response.incomplete`, with the reason and usage. */
  function doneEvent(type: string, response: Record<string, unknown>): ChatEvent {
    finished = true;
    const done: ChatEvent = { type: 'done' };
    const details = isRecord(response['incomplete_details']) ? response['incomplete_details'] : {};
    const reason =
      type === 'response.incomplete'
        ? normalizeFinishReason(pickString(details, 'reason') ?? 'incomplete')
        : sawFunctionCall
          ? 'tool-calls'
          : 'stop';
    if (reason !== undefined) done.finishReason = reason;
    const usage = normalizeUsage(response['usage']);
    if (usage !== undefined) done.usage = usage;
    return done;
  }

  function handle(type: string, data: Record<string, unknown>): ChatEvent[] {
    const response = isRecord(data['response']) ? data['response'] : {};
    switch (type) {
      case 'response.created': {
        const messageId = pickString(response, 'id');
        return [messageId === undefined ? { type: 'session' } : { type: 'session', messageId }];
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const delta = pickString(data, 'delta') ?? '';
        return delta === '' ? [] : [{ type: 'text-delta', delta }];
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const delta = pickString(data, 'delta') ?? '';
        return delta === '' ? [] : [{ type: 'reasoning-delta', delta }];
      }
      case 'response.output_item.added':
        return outputItemAdded(data);
      case 'response.function_call_arguments.delta': {
        const call = callFor(data);
        const delta = pickString(data, 'delta') ?? '';
        if (call === undefined || delta === '') return [];
        call.args += delta;
        return [{ type: 'tool-call-delta', toolCallId: call.callId, argsDelta: delta }];
      }
      case 'response.function_call_arguments.done': {
        const call = callFor(data);
        return call === undefined ? [] : complete(call, pickString(data, 'arguments') ?? call.args);
      }
      case 'response.output_item.done': {
        const item = isRecord(data['item']) ? data['item'] : {};
        const call = calls.get(pickString(item, 'id') ?? '');
        return call === undefined ? [] : complete(call, pickString(item, 'arguments') ?? call.args);
      }
      case 'response.output_text.annotation.added': {
        const annotation = isRecord(data['annotation']) ? data['annotation'] : {};
        const url = pickString(annotation, 'url');
        if (pickString(annotation, 'type') !== 'url_citation' || url === undefined) return [];
        return [{ type: 'citations', citations: [numbering.cite(url, { url, title: pickString(annotation, 'title') })] }];
      }
      case 'response.completed':
      case 'response.incomplete':
        return finished ? [] : [doneEvent(type, response)];
      case 'response.failed': {
        const error = isRecord(response['error']) ? response['error'] : {};
        return [failure(error, 'response_failed')];
      }
      case 'error':
        return [failure(isRecord(data['error']) ? data['error'] : data, 'error')];
      default:
        return [];
    }
  }

  return {
    push(message) {
      const data = parseJson(message.data);
      if (data === INVALID_JSON) return [malformedEvent('openai-responses', message.event, message.data)];
      if (!isRecord(data)) return [malformedEvent('openai-responses', message.event, message.data, 'is not a JSON object')];
      const events = handle(pickString(data, 'type') ?? message.event, data);
      const seq = pickNumber(data, 'sequence_number');
      // Only the last event of a message carries its position: a reducer that skips
      // `seq <= lastSeq` must not drop the second of two events from one message.
      const last = events[events.length - 1];
      if (seq !== undefined && last !== undefined) last.seq = seq;
      return events;
    },
    end() {
      const events: ChatEvent[] = [];
      for (const call of calls.values()) events.push(...complete(call, call.args));
      return events;
    },
  };
}
