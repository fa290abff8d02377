import type { ChatEvent } from '../events';
import { appendTextDelta, mergeCitations, setStatus, updateToolCall } from './partUpdates';
import type { ChatMessage, ErrorPart, MessagePart } from './types';

/**
 * A new, empty message: the start of every fold.
 *
 * @param at - epoch ms, kept as `createdAt` when given.
 * @example foldMessage(openMessage('m1', 'assistant', 1_700_000_000_000), { type: 'text-delta', delta: 'Hi' })
 */
export function openMessage(id: string, role: ChatMessage['role'], at?: number): ChatMessage {
  const message: ChatMessage = { id, role, parts: [] };
  if (at !== undefined) message.createdAt = at;
  return message;
}

/**
 * The one fold from events to a message, pure: `(message, event) -> message`. The client
 * reducer applies it to the message a generation writes, the server's history persists
 * what it builds from the same log, multi-tab snapshots carry its result and the provider
 * bridges read it, so a finished answer is the same live, after a reload, in another tab
 * and on another device.
 *
 * - Text and reasoning deltas extend the latest part of their kind unless a tool call (or
 *   the other kind) came after it; status, citation and error parts do not split them.
 * - A status line replaces a status line that is the last part.
 * - Citations merge into the message's one citations part (same id: the later one wins).
 * - Tool calls are keyed by `toolCallId` and keep the event times: `startedAt` (the first
 *   event of the call), `executingAt`, `endedAt` (its result).
 * - `done` records `finishReason` and `usage`; a fatal `error` adds its part and ends the
 *   message with `finishReason: 'error'` (a `fatal: false` one only adds the part);
 *   `cancelled` ends a message that has not ended with `finishReason: 'cancelled'`.
 *
 * Returns `message` itself when the event changes nothing in it (`session`); untouched
 * parts keep their identity. Phases and replay dedupe are the reducer's, not the fold's.
 *
 * @example
 * ```ts
 * let m = openMessage('m1', 'assistant');
 * m = foldMessage(m, { type: 'text-delta', delta: 'Paris' });
 * m = foldMessage(m, { type: 'done', finishReason: 'stop' });
 * // { id: 'm1', role: 'assistant', parts: [{ type: 'text', text: 'Paris' }], finishReason: 'stop' }
 * ```
 */
export function foldMessage(message: ChatMessage, event: ChatEvent): ChatMessage {
  const at = event.at;
  switch (event.type) {
    case 'session':
      return message;
    case 'user-message':
      return withParts(message, [{ type: 'text', text: event.text }]);
    case 'status':
      return withParts(message, setStatus(message.parts, event.text));
    case 'text-delta':
      return withParts(message, appendTextDelta(message.parts, 'text', event.delta));
    case 'reasoning-delta':
      return withParts(message, appendTextDelta(message.parts, 'reasoning', event.delta));
    case 'citations':
      return withParts(message, mergeCitations(message.parts, event.citations));
    case 'tool-call-start':
      return withParts(
        message,
        updateToolCall(message.parts, event.toolCallId, (call) => ({ ...call, name: event.name || call.name }), at),
      );
    case 'tool-call-delta':
      return withParts(
        message,
        updateToolCall(message.parts, event.toolCallId, (call) => ({ ...call, argsText: call.argsText + event.argsDelta }), at),
      );
    case 'tool-call':
      return withParts(
        message,
        updateToolCall(
          message.parts,
          event.toolCallId,
          (call) => ({
            ...call,
            name: event.name || call.name,
            args: event.args,
            argsText: call.argsText || (event.args === undefined ? '' : JSON.stringify(event.args)),
            state: call.state === 'streaming-args' ? 'called' : call.state,
          }),
          at,
        ),
      );
    case 'tool-executing':
      return withParts(
        message,
        updateToolCall(
          message.parts,
          event.toolCallId,
          (call) => (at === undefined ? { ...call, state: 'executing' } : { ...call, state: 'executing', executingAt: at }),
          at,
        ),
      );
    case 'tool-result':
      return withParts(
        message,
        updateToolCall(
          message.parts,
          event.toolCallId,
          (call) => {
            const settled = { ...call, result: event.result, isError: event.isError === true };
            settled.state = event.isError ? 'error' : 'result';
            if (at !== undefined) settled.endedAt = at;
            return settled;
          },
          at,
        ),
      );
    case 'done': {
      if (event.finishReason === undefined && event.usage === undefined) return message;
      const done = { ...message };
      if (event.finishReason !== undefined) done.finishReason = event.finishReason;
      if (event.usage !== undefined) done.usage = event.usage;
      return done;
    }
    case 'error': {
      const next = withParts(message, [...message.parts, errorPartOf(event)]);
      if (event.fatal !== false) next.finishReason = 'error';
      return next;
    }
    case 'cancelled':
      return message.finishReason === undefined ? { ...message, finishReason: 'cancelled' } : message;
  }
}

/** The error part an `error` event adds to its message. */
export function errorPartOf(event: Extract<ChatEvent, { type: 'error' }>): ErrorPart {
  const part: ErrorPart = { type: 'error', message: event.message };
  if (event.code !== undefined) part.code = event.code;
  if (event.retryable !== undefined) part.retryable = event.retryable;
  if (event.status !== undefined) part.status = event.status;
  return part;
}

function withParts(message: ChatMessage, parts: MessagePart[]): ChatMessage {
  return { ...message, parts };
}
