import type { ChatEvent, Usage } from '../../events';
import type { ProtocolAdapter } from '../internal/ProtocolAdapter';
import { completeToolCall } from '../internal/completeToolCall';
import { INVALID_JSON, isRecord, parseJson, pickNumber, pickString } from '../internal/json';
import { malformedEvent } from '../internal/malformedEvent';
import { normalizeFinishReason } from '../internal/normalizeFinishReason';
import { normalizeUsage } from '../internal/normalizeUsage';

const RETRYABLE = new Set(['server_error', 'rate_limit_exceeded', 'rate_limit_error', 'overloaded', 'timeout']);

interface PendingCall {
  id: string;
  name: string;
  args: string;
  started: boolean;
}

/**
 * OpenAI Chat Completions streaming: `choices[0].delta` content (and `refusal`, shown as
 * text), reasoning and `tool_calls` (accumulated by `index`, completed when the choice
 * finishes or at `[DONE]`), `finish_reason`, the `usage` chunk, `data: [DONE]` and
 * `{ error }` objects. Emits one `done` per stream, at `[DONE]`, carrying the finish reason
 * and usage seen before it.
 */
// Over 80 lines: a factory of small closures over one stream's state (tool calls by index,
// finish reason, usage); none over 35 lines.
export function createOpenAIChatAdapter(): ProtocolAdapter {
  let calls = new Map<number, PendingCall>();
  let finishReason: string | undefined;
  let usage: Usage | undefined;
  let finished = false;

  function flushCalls(): ChatEvent[] {
    if (calls.size === 0) return [];
    const events: ChatEvent[] = [];
    const ordered = [...calls.entries()].sort((a, b) => a[0] - b[0]);
    calls = new Map();
    for (const [index, call] of ordered) {
      if (!call.started) {
        if (call.args === '') continue; // a fragment with neither name nor arguments
        call.id ||= `call_${index}`;
        call.name = 'tool';
        events.push({ type: 'tool-call-start', toolCallId: call.id, name: call.name });
        events.push({ type: 'tool-call-delta', toolCallId: call.id, argsDelta: call.args });
      }
      events.push(...completeToolCall('openai-chat', call.id, call.name, call.args));
    }
    return events;
  }

  function doneEvent(): ChatEvent {
    finished = true;
    const done: ChatEvent = { type: 'done' };
    if (finishReason !== undefined) done.finishReason = finishReason;
    if (usage !== undefined) done.usage = usage;
    return done;
  }

  function toolCallDeltas(list: unknown[], events: ChatEvent[]): void {
    for (const item of list) {
      if (!isRecord(item)) continue;
      const index = pickNumber(item, 'index') ?? 0;
      const fn = isRecord(item['function']) ? item['function'] : {};
      const id = pickString(item, 'id');
      let call = calls.get(index);
      if (call !== undefined && call.started && id !== undefined && id !== '' && id !== call.id) {
        // Some OpenAI-compatible servers reuse index 0 (or send none) for every call: a new
        // id at a busy index completes the call that was there.
        events.push(...completeToolCall('openai-chat', call.id, call.name, call.args));
        call = undefined;
      }
      if (call === undefined) {
        call = { id: '', name: '', args: '', started: false };
        calls.set(index, call);
      }
      const name = pickString(fn, 'name');
      if (id !== undefined && id !== '') call.id = id;
      if (name !== undefined && name !== '') call.name = name;
      const piece = pickString(fn, 'arguments') ?? '';
      call.args += piece;
      if (!call.started) {
        if (call.name === '') continue; // arguments before the name: held until it comes
        if (call.id === '') call.id = `call_${index}`;
        call.started = true;
        events.push({ type: 'tool-call-start', toolCallId: call.id, name: call.name });
        if (call.args !== '') events.push({ type: 'tool-call-delta', toolCallId: call.id, argsDelta: call.args });
      } else if (piece !== '') {
        events.push({ type: 'tool-call-delta', toolCallId: call.id, argsDelta: piece });
      }
    }
  }


  // The hot path: one call per token. Plain property reads, no helper with rest arguments.
  function chunk(data: Record<string, unknown>): ChatEvent[] {
    const events: ChatEvent[] = [];
    const choices = data['choices'];
    if (Array.isArray(choices)) {
      for (let i = 0; i < choices.length; i++) {
        const choice: unknown = choices[i];
        if (!isRecord(choice)) continue;
        const index = choice['index'];
        if (index !== undefined && index !== 0) continue;
        const delta = choice['delta'];
        if (isRecord(delta)) {
          const reasoning = typeof delta['reasoning_content'] === 'string' ? delta['reasoning_content'] : delta['reasoning'];
          if (typeof reasoning === 'string' && reasoning !== '') events.push({ type: 'reasoning-delta', delta: reasoning });
          const content = delta['content'];
          if (typeof content === 'string' && content !== '') events.push({ type: 'text-delta', delta: content });
          const refusal = delta['refusal'];
          if (typeof refusal === 'string' && refusal !== '') events.push({ type: 'text-delta', delta: refusal });
          const toolCalls = delta['tool_calls'];
          if (Array.isArray(toolCalls)) toolCallDeltas(toolCalls, events);
        }
        const reason = choice['finish_reason'];
        if (typeof reason === 'string' && reason !== '') {
          finishReason = normalizeFinishReason(reason);
          events.push(...flushCalls());
        }
      }
    }
    const rawUsage = data['usage'];
    if (rawUsage !== undefined && rawUsage !== null) {
      const nextUsage = normalizeUsage(rawUsage);
      if (nextUsage !== undefined) usage = nextUsage;
    }
    return events;
  }

  return {
    push(message) {
      const text = message.data;
      if (text.length < 16 && text.trim() === '[DONE]') {
        if (finished) return [];
        return [...flushCalls(), doneEvent()];
      }
      const data = parseJson(text);
      if (!isRecord(data)) {
        const name = message.event === 'message' ? 'chunk' : message.event;
        return [malformedEvent('openai-chat', name, text, data === INVALID_JSON ? undefined : 'is not a JSON object')];
      }
      if (data['error'] !== undefined && isRecord(data['error'])) {
        const error = data['error'];
        const code = pickString(error, 'code') ?? pickString(error, 'type') ?? 'error';
        const type = pickString(error, 'type');
        finished = true;
        return [
          {
            type: 'error',
            message: pickString(error, 'message') ?? 'OpenAI reported an error without a message.',
            code,
            retryable: RETRYABLE.has(code) || (type !== undefined && RETRYABLE.has(type)),
          },
        ];
      }
      return chunk(data);
    },
    end() {
      const events = flushCalls();
      if (!finished && finishReason !== undefined) events.push(doneEvent());
      return events;
    },
  };
}
