import type { ChatEvent } from '../events';
import type { ChatState } from './ChatState';
import { allToolCallsSettled, appendTextDelta, mergeCitations, setStatus, updateToolCall } from './partUpdates';
import type { ChatMessage, ChatPhase, ErrorPart, MessagePart } from './types';

/** Phases in which a generation is under way. */
export const ACTIVE_PHASES: ReadonlySet<ChatPhase> = new Set([
  'submitted',
  'generating',
  'tool-calling',
  'executing',
  'resuming',
]);

/** Phases a generation ends in. Content events do not leave them; only a new prompt does. */
export const TERMINAL_PHASES: ReadonlySet<ChatPhase> = new Set(['complete', 'cancelled', 'error']);

/**
 * Applies one wire event. Events whose `seq` is at or below `state.lastSeq` are replays
 * and return `state` unchanged. Internal: use {@link chatReducer}.
 */
export function applyChatEvent(state: ChatState, event: ChatEvent): ChatState {
  const seq = event.seq;
  if (seq === undefined) return applyFresh(state, event);
  if (seq <= state.lastSeq) return state;
  const next = applyFresh(state, event);
  if (next === state) return { ...state, lastSeq: seq };
  next.lastSeq = seq; // `next` was just created here: setting it is not a visible mutation
  return next;
}

/** Applies `event`; returns `state` itself when nothing changed, else a new object. */
function applyFresh(state: ChatState, event: ChatEvent): ChatState {
  const at = event.at;
  switch (event.type) {
    case 'session':
      return applySession(state, event.conversationId, event.streamId, event.messageId, at);
    case 'user-message': {
      if (state.messages.some((m) => m.id === event.messageId)) return state;
      const message: ChatMessage = { id: event.messageId, role: 'user', parts: [{ type: 'text', text: event.text }] };
      if (at !== undefined) message.createdAt = at;
      return {
        ...state,
        messages: [...state.messages, message],
        phase: 'submitted',
        error: null,
        streamId: null,
        activeMessageId: null,
        activeMessageIsLocal: false,
      };
    }
    case 'status':
      return updateActive(state, event, (parts) => setStatus(parts, event.text), startPhase(state.phase));
    case 'text-delta':
      return updateActive(state, event, (parts) => appendTextDelta(parts, 'text', event.delta), contentPhase(state.phase, 'generating'));
    case 'reasoning-delta':
      return updateActive(state, event, (parts) => appendTextDelta(parts, 'reasoning', event.delta), contentPhase(state.phase, 'generating'));
    case 'citations':
      return updateActive(state, event, (parts) => mergeCitations(parts, event.citations), startPhase(state.phase));
    case 'tool-call-start':
      return updateActive(
        state,
        event,
        (parts) => updateToolCall(parts, event.toolCallId, (call) => ({ ...call, name: event.name || call.name }), at),
        contentPhase(state.phase, 'tool-calling'),
      );
    case 'tool-call-delta':
      return updateActive(
        state,
        event,
        (parts) =>
          updateToolCall(parts, event.toolCallId, (call) => ({ ...call, argsText: call.argsText + event.argsDelta }), at),
        contentPhase(state.phase, 'tool-calling'),
      );
    case 'tool-call':
      return updateActive(
        state,
        event,
        (parts) =>
          updateToolCall(
            parts,
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
        contentPhase(state.phase, 'tool-calling'),
      );
    case 'tool-executing':
      return updateActive(
        state,
        event,
        (parts) =>
          updateToolCall(
            parts,
            event.toolCallId,
            (call) => (at === undefined ? { ...call, state: 'executing' } : { ...call, state: 'executing', executingAt: at }),
            at,
          ),
        contentPhase(state.phase, 'executing'),
      );
    case 'tool-result': {
      const next = updateActive(state, event, (parts) =>
        updateToolCall(
          parts,
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
      return TERMINAL_PHASES.has(next.phase) ? next : { ...next, phase: phaseAfterResult(activeParts(next)) };
    }
    case 'done': {
      const next = updateActive(state, event, (parts) => parts, TERMINAL_PHASES.has(state.phase) ? state.phase : 'complete');
      return mapActive(next, (m) => {
        const done = { ...m };
        if (event.finishReason !== undefined) done.finishReason = event.finishReason;
        if (event.usage !== undefined) done.usage = event.usage;
        return done;
      });
    }
    case 'error': {
      const part: ErrorPart = { type: 'error', message: event.message };
      if (event.code !== undefined) part.code = event.code;
      if (event.retryable !== undefined) part.retryable = event.retryable;
      if (event.status !== undefined) part.status = event.status;
      if (event.fatal === false) return updateActive(state, event, (parts) => [...parts, part]);
      return { ...updateActive(state, event, (parts) => [...parts, part], 'error'), error: part };
    }
    case 'cancelled':
      return state.phase === 'complete' || state.phase === 'error' || state.phase === 'cancelled'
        ? state
        : { ...state, phase: 'cancelled' };
  }
}

function applySession(
  state: ChatState,
  conversationId: string | undefined,
  streamId: string | undefined,
  messageId: string | undefined,
  at: number | undefined,
): ChatState {
  const next: ChatState = { ...state };
  if (conversationId) next.conversationId = conversationId;
  if (streamId) next.streamId = streamId;
  if (!messageId) return next;
  if (state.messages.some((m) => m.id === messageId)) {
    return { ...next, activeMessageId: messageId, activeMessageIsLocal: false };
  }
  const index = state.activeMessageIsLocal ? findIndex(state.messages, state.activeMessageId) : -1;
  if (index !== -1) {
    const messages = state.messages.slice();
    messages[index] = { ...(messages[index] as ChatMessage), id: messageId };
    return { ...next, messages, activeMessageId: messageId, activeMessageIsLocal: false };
  }
  const message: ChatMessage = { id: messageId, role: 'assistant', parts: [] };
  if (at !== undefined) message.createdAt = at;
  return { ...next, messages: [...state.messages, message], activeMessageId: messageId, activeMessageIsLocal: false };
}

/** From idle or submitted, the first sign of work means `generating`. */
function startPhase(phase: ChatPhase): ChatPhase {
  return phase === 'idle' || phase === 'submitted' ? 'generating' : phase;
}

/** Content moves an active (or idle) generation to `target`; ended ones stay ended. */
function contentPhase(phase: ChatPhase, target: ChatPhase): ChatPhase {
  return TERMINAL_PHASES.has(phase) ? phase : target;
}

function phaseAfterResult(parts: MessagePart[]): ChatPhase {
  if (allToolCallsSettled(parts)) return 'resuming';
  return parts.some((p) => p.type === 'tool-call' && p.state === 'executing') ? 'executing' : 'tool-calling';
}

function findIndex(messages: ChatMessage[], id: string | null): number {
  if (id === null) return -1;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return i;
  return -1;
}

function activeParts(state: ChatState): MessagePart[] {
  return state.messages[findIndex(state.messages, state.activeMessageId)]?.parts ?? [];
}

function mapActive(state: ChatState, update: (message: ChatMessage) => ChatMessage): ChatState {
  const index = findIndex(state.messages, state.activeMessageId);
  if (index === -1) return state;
  const messages = state.messages.slice();
  messages[index] = update(messages[index] as ChatMessage);
  return { ...state, messages };
}

/**
 * Updates the parts of the assistant message the generation writes into, creating that
 * message when there is none yet (a stream without a `session` event).
 */
function updateActive(
  state: ChatState,
  event: ChatEvent,
  update: (parts: MessagePart[]) => MessagePart[],
  phase: ChatPhase = state.phase,
): ChatState {
  let index = findIndex(state.messages, state.activeMessageId);
  let messages = state.messages;
  let activeMessageId = state.activeMessageId;
  if (index === -1) {
    activeMessageId = event.seq === undefined ? `assistant-${messages.length}` : `assistant-seq-${event.seq}`;
    const created: ChatMessage = { id: activeMessageId, role: 'assistant', parts: [] };
    if (event.at !== undefined) created.createdAt = event.at;
    messages = [...messages, created];
    index = messages.length - 1;
  } else {
    messages = messages.slice();
  }
  const message = messages[index] as ChatMessage;
  messages[index] = { ...message, parts: update(message.parts) };
  return { ...state, messages, phase, activeMessageId, activeMessageIsLocal: activeMessageId === state.activeMessageId && state.activeMessageIsLocal };
}
