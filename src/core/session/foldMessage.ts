import type { ChatEvent } from '../events';
import { appendTextDelta, mergeCitations, setStatus, updateToolCall } from './partUpdates';
import type { ChatMessage, ErrorPart, MessagePart, ToolApproval, ToolCallPart, ToolCallState } from './types';

/** Tool call states a later approval event does not reopen. */
const SETTLED: ReadonlySet<ToolCallState> = new Set(['executing', 'result', 'error', 'denied']);

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
 * - `tool-executing` with `runsOn: 'page'` marks a call the page runs; its first `tool-claim`
 *   records the device that runs it (`claimedBy`); a later one of that device with
 *   `interrupted` marks the run cut short by a reload (`interrupted`); then one with
 *   `choice: 'rerun'` hands the call to its device (`claimedBy`, no longer `interrupted`);
 *   others change nothing.
 * - `approval-request` puts a call in `awaiting-approval` (its `approval` records the
 *   request); `approval-decision` records the decision and moves an approved call back to
 *   `called` (it runs next) and any other to `denied`, which its result does not change.
 * - `done` records `finishReason` and `usage`; a fatal `error` adds its part and ends the
 *   message with `finishReason: 'error'` (a `fatal: false` one only adds the part);
 *   `cancelled` ends a message that has not ended with `finishReason: 'cancelled'`. Both
 *   end the calls still awaiting approval as `denied` (`decidedBy: 'stop'`): nothing runs them now.
 * - `feedback` sets (or, with `null`, removes) `feedback` on the message it names, and only on it.
 *
 *
 * Where a message stands in the tree (`parentId`) is the reducer's (docs/branches.md).
 * Returns `message` itself when the event changes nothing in it (`session`, `branch`); untouched
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
// Over 80 lines: one switch with a short case per event type, so the whole fold from events to a message reads in one place.
export function foldMessage(message: ChatMessage, event: ChatEvent): ChatMessage {
  const at = event.at;
  switch (event.type) {
    case 'session':
    case 'branch':
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
      return foldCall(message, event, (call) => ({ ...call, name: event.name || call.name }));
    case 'tool-call-delta':
      return foldCall(message, event, (call) => ({ ...call, argsText: call.argsText + event.argsDelta }));
    case 'tool-call':
      return foldCall(message, event, (call) => ({ ...withArgs(call, event), state: call.state === 'streaming-args' ? 'called' : call.state }));
    case 'tool-executing':
      return foldCall(message, event, (call) => {
        const running: ToolCallPart = at === undefined ? { ...call, state: 'executing' } : { ...call, state: 'executing', executingAt: at };
        if (event.runsOn === 'page') running.runsOn = 'page';
        return running;
      });
    case 'tool-claim':
      return foldCall(message, event, (call) => {
        // The first claim, or a person's "run again" on an interrupted run: the call is `by`'s now.
        if (call.claimedBy === undefined || (event.choice === 'rerun' && call.interrupted)) return { ...call, claimedBy: event.by, interrupted: undefined };
        return event.interrupted && event.by === call.claimedBy ? { ...call, interrupted: true } : call;
      });
    case 'tool-result':
      return foldCall(message, event, (call) => {
        const settled = { ...call, result: event.result, isError: event.isError === true };
        // A call that was not approved stays `denied`: its result is the denial the model read.
        if (call.state !== 'denied') settled.state = event.isError ? 'error' : 'result';
        if (at !== undefined) settled.endedAt = at;
        return settled;
      });
    case 'approval-request':
      return foldCall(message, event, (call) => {
        const approval: ToolApproval = { ...call.approval };
        if (at !== undefined) approval.requestedAt = at;
        if (event.expiresAt !== undefined) approval.expiresAt = event.expiresAt;
        const pending = call.approval?.approved === undefined && !SETTLED.has(call.state);
        return { ...withArgs(call, event), state: pending ? 'awaiting-approval' : call.state, approval };
      });
    case 'approval-decision':
      return foldCall(message, event, (call) => {
        const approval: ToolApproval = { ...call.approval, approved: event.approved, decidedBy: event.decidedBy ?? 'user' };
        if (event.reason !== undefined) approval.reason = event.reason;
        if (at !== undefined) approval.decidedAt = at;
        const state = event.approved ? (call.state === 'awaiting-approval' ? 'called' : call.state) : SETTLED.has(call.state) ? call.state : 'denied';
        return { ...call, state, approval };
      });
    case 'done': {
      if (event.finishReason === undefined && event.usage === undefined) return message;
      const done = { ...message };
      if (event.finishReason !== undefined) done.finishReason = event.finishReason;
      if (event.usage !== undefined) done.usage = event.usage;
      return done;
    }
    case 'error': {
      const next = withParts(message, [...message.parts, errorPartOf(event)]);
      if (event.fatal !== false) {
        next.finishReason = 'error';
        next.parts = closeApprovals(next.parts);
      }
      return next;
    }
    case 'cancelled': {
      if (message.finishReason !== undefined) return message;
      const parts = closeApprovals(message.parts);
      return parts === message.parts ? { ...message, finishReason: 'cancelled' } : { ...message, parts, finishReason: 'cancelled' };
    }
    case 'feedback': {
      if (event.messageId !== message.id || event.value === (message.feedback ?? null)) return message;
      const { feedback: _taken, ...rated } = message;
      return event.value ? { ...rated, feedback: event.value } : rated;
    }
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

/** A generation that ended runs none of its calls still awaiting approval: they end `denied` by a stop. */
function closeApprovals(parts: MessagePart[]): MessagePart[] {
  if (!parts.some((p) => p.type === 'tool-call' && p.state === 'awaiting-approval')) return parts;
  return parts.map((p) =>
    p.type === 'tool-call' && p.state === 'awaiting-approval'
      ? { ...p, state: 'denied', approval: { ...p.approval, approved: false, decidedBy: 'stop' } }
      : p,
  );
}

function withParts(message: ChatMessage, parts: MessagePart[]): ChatMessage {
  return { ...message, parts };
}

/** Folds an event of one tool call into its part (created when the call's start was never seen). */
function foldCall(message: ChatMessage, event: { toolCallId: string; at?: number }, update: (call: ToolCallPart) => ToolCallPart): ChatMessage {
  return withParts(message, updateToolCall(message.parts, event.toolCallId, update, event.at));
}

/** A call with the name and arguments of a `tool-call` or `approval-request` (the JSON text kept when it streamed). */
function withArgs(call: ToolCallPart, event: { name: string; args: unknown }): ToolCallPart {
  return {
    ...call,
    name: event.name || call.name,
    args: event.args,
    argsText: call.argsText || (event.args === undefined ? '' : JSON.stringify(event.args)),
  };
}
