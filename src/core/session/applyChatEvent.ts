import type { ChatEvent } from '../events';
import type { ChatState } from './ChatState';
import { foldMessage, openMessage } from './foldMessage';
import { ACTIVE_PHASES, TERMINAL_PHASES } from './phases';
import { pathEnd, withMessages } from './treeUpdates';
import { allToolCallsSettled } from './partUpdates';
import type { ChatMessage, ChatPhase, ErrorPart, MessagePart } from './types';

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
  switch (event.type) {
    case 'session':
      return applySession(state, event.conversationId, event.streamId, event.messageId, event.at, event.parentId);
    case 'user-message': {
      const index = findIndex(state.messages, event.messageId);
      if (index !== -1) {
        // The prompt this tab sent: the server's record of it brings the server's time.
        const sent = state.messages[index] as ChatMessage;
        if (event.at === undefined || sent.createdAt === event.at) return state;
        const messages = state.messages.slice();
        messages[index] = { ...sent, createdAt: event.at };
        return { ...state, messages };
      }
      const message = foldMessage(openMessage(event.messageId, 'user', event.at), event);
      message.parentId = event.parentId ?? pathEnd(state);
      return {
        ...state,
        ...withMessages(state, message),
        phase: 'submitted',
        error: null,
        streamId: null,
        activeMessageId: null,
        activeMessageIsLocal: false,
      };
    }
    case 'branch': {
      // The server refuses a switch while an answer is written; one that raced its start loses to it.
      // Its key: its parentId, or for a message written without branches the message before it.
      const index = findIndex(state.messages, event.messageId);
      const key = state.messages[index]?.parentId ?? state.messages[index - 1]?.id ?? '';
      return index < 0 || ACTIVE_PHASES.has(state.phase) || state.selection[key] === event.messageId
        ? state
        : { ...state, selection: { ...state.selection, [key]: event.messageId } };
    }
    case 'status':
    case 'citations':
      return updateActive(state, event, startPhase(state.phase));
    case 'text-delta':
    case 'reasoning-delta':
      return updateActive(state, event, contentPhase(state.phase, 'generating'));
    case 'tool-call-start':
    case 'tool-call-delta':
    case 'tool-call':
      return updateActive(state, event, contentPhase(state.phase, 'tool-calling'));
    case 'tool-executing':
    case 'tool-claim':
    case 'tool-result':
    case 'approval-request':
    case 'approval-decision': {
      const next = updateActive(state, event, state.phase);
      if (TERMINAL_PHASES.has(next.phase)) return next;
      const phase = phaseOfTools(activeParts(next));
      return phase === next.phase ? next : { ...next, phase };
    }
    case 'done':
      return updateActive(state, event, TERMINAL_PHASES.has(state.phase) ? state.phase : 'complete');
    case 'error': {
      if (event.fatal === false) return updateActive(state, event, state.phase);
      const next = updateActive(state, event, 'error');
      return { ...next, error: activeParts(next).at(-1) as ErrorPart };
    }
    case 'cancelled': {
      // A stop the server confirms after a local `stop` still ends the message; a generation
      // that completed or failed stays as it ended.
      if (state.phase === 'complete' || state.phase === 'error') return state;
      if (findIndex(state.messages, state.activeMessageId) === -1) return state.phase === 'cancelled' ? state : { ...state, phase: 'cancelled' };
      return updateActive(state, event, 'cancelled');
    }
    case 'feedback': {
      // A rating of any message, between answers or during one: the phase stays.
      const index = findIndex(state.messages, event.messageId);
      const rated = index === -1 ? undefined : foldMessage(state.messages[index] as ChatMessage, event);
      if (!rated || rated === state.messages[index]) return state;
      const messages = state.messages.slice();
      messages[index] = rated;
      return { ...state, messages };
    }
  }
}

function applySession(
  state: ChatState,
  conversationId: string | undefined,
  streamId: string | undefined,
  messageId: string | undefined,
  at: number | undefined,
  parentId: string | undefined,
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
    // The server's message now: its id, and its time when the event carries one. Its place
    // is the one this tab gave it; the choice that named the local id now names none, so
    // the path takes the latest child there: this one.
    const adopted: ChatMessage = { ...(messages[index] as ChatMessage), id: messageId };
    if (at !== undefined) adopted.createdAt = at;
    messages[index] = adopted;
    return { ...next, messages, activeMessageId: messageId, activeMessageIsLocal: false };
  }
  const message = openMessage(messageId, 'assistant', at);
  message.parentId = parentId ?? pathEnd(state);
  return { ...next, ...withMessages(state, message), activeMessageId: messageId, activeMessageIsLocal: false };
}

/** From idle or submitted, the first sign of work means `generating`. */
function startPhase(phase: ChatPhase): ChatPhase {
  return phase === 'idle' || phase === 'submitted' ? 'generating' : phase;
}

/** Content moves an active (or idle) generation to `target`; ended ones stay ended. */
function contentPhase(phase: ChatPhase, target: ChatPhase): ChatPhase {
  return TERMINAL_PHASES.has(phase) ? phase : target;
}

/** Where the tool calls of a generation are: a pending approval first, then a running call. */
function phaseOfTools(parts: MessagePart[]): ChatPhase {
  const has = (state: string): boolean => parts.some((p) => p.type === 'tool-call' && p.state === state);
  if (has('awaiting-approval')) return 'awaiting-approval';
  if (has('executing')) return 'executing';
  return allToolCallsSettled(parts) ? 'resuming' : 'tool-calling';
}

function findIndex(messages: ChatMessage[], id: string | null): number {
  if (id === null) return -1;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return i;
  return -1;
}

function activeParts(state: ChatState): MessagePart[] {
  return state.messages[findIndex(state.messages, state.activeMessageId)]?.parts ?? [];
}

/**
 * Folds `event` into the assistant message the generation writes, creating that message
 * when there is none yet (a stream without a `session` event), and sets `phase`.
 */
function updateActive(state: ChatState, event: ChatEvent, phase: ChatPhase): ChatState {
  let index = findIndex(state.messages, state.activeMessageId);
  let messages = state.messages;
  let activeMessageId = state.activeMessageId;
  let selection = state.selection;
  if (index === -1) {
    activeMessageId = event.seq === undefined ? `assistant-${messages.length}` : `assistant-seq-${event.seq}`;
    const opened = openMessage(activeMessageId, 'assistant', event.at);
    opened.parentId = pathEnd(state);
    ({ messages, selection } = withMessages(state, opened));
    index = messages.length - 1;
  }
  const message = messages[index] as ChatMessage;
  const folded = foldMessage(message, event);
  if (folded === message && messages === state.messages && phase === state.phase) return state;
  if (folded !== message) {
    if (messages === state.messages) messages = messages.slice();
    messages[index] = folded;
  }
  return { ...state, messages, selection, phase, activeMessageId, activeMessageIsLocal: activeMessageId === state.activeMessageId && state.activeMessageIsLocal };
}
