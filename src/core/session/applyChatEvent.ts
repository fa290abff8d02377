import type { ChatEvent } from '../events';
import type { ChatState } from './ChatState';
import { foldMessage, openMessage } from './foldMessage';
import { ACTIVE_PHASES, TERMINAL_PHASES } from './phases';
import { allToolCallsSettled } from './partUpdates';
import { findMessage, pathEnd, putMessage, showTree } from './treeUpdates';
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
      return applySession(state, event);
    case 'user-message': {
      const sent = findMessage(state.tree, event.messageId);
      if (sent) {
        // The prompt this tab sent: the server's record of it brings the server's time and place.
        const parentId = event.parentId ?? sent.parentId;
        if ((event.at === undefined || sent.createdAt === event.at) && parentId === sent.parentId) return state;
        const echoed: ChatMessage = { ...sent };
        if (event.at !== undefined) echoed.createdAt = event.at;
        if (parentId !== undefined) echoed.parentId = parentId;
        return { ...state, ...putMessage(state, echoed) };
      }
      const message = foldMessage(openMessage(event.messageId, 'user', event.at), event);
      message.parentId = event.parentId ?? pathEnd(state);
      return {
        ...state,
        ...grow(state, message),
        phase: 'submitted',
        error: null,
        streamId: null,
        activeMessageId: null,
        activeMessageIsLocal: false,
      };
    }
    case 'branch': {
      // The server refuses a switch while an answer is written; one that raced its start loses to it.
      const shown = findMessage(state.tree, event.messageId);
      if (!shown || ACTIVE_PHASES.has(state.phase)) return state;
      const next = showTree(state, state.tree, [shown]);
      return JSON.stringify(next.selection) === JSON.stringify(state.selection) ? state : { ...state, ...next };
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
      if (!findMessage(state.tree, state.activeMessageId)) return state.phase === 'cancelled' ? state : { ...state, phase: 'cancelled' };
      return updateActive(state, event, 'cancelled');
    }
  }
}

function applySession(state: ChatState, event: Extract<ChatEvent, { type: 'session' }>): ChatState {
  const { conversationId, streamId, messageId, parentId, at } = event;
  const next: ChatState = { ...state };
  if (conversationId) next.conversationId = conversationId;
  if (streamId) next.streamId = streamId;
  if (!messageId) return next;
  const known = findMessage(state.tree, messageId);
  if (known) {
    // An answer already known (a replay, a resume): the path shows the branch being written.
    return { ...next, ...showTree(state, state.tree, [known]), activeMessageId: messageId, activeMessageIsLocal: false };
  }
  const local = state.activeMessageIsLocal ? findMessage(state.tree, state.activeMessageId) : undefined;
  if (local) {
    // The server's message now: its id, and its time and parent when the event carries them.
    const adopted: ChatMessage = { ...local, id: messageId };
    if (at !== undefined) adopted.createdAt = at;
    if (parentId !== undefined) adopted.parentId = parentId;
    return { ...next, ...putMessage(state, adopted, local.id), activeMessageId: messageId, activeMessageIsLocal: false };
  }
  const message = openMessage(messageId, 'assistant', at);
  message.parentId = parentId ?? pathEnd(state);
  return { ...next, ...grow(state, message), activeMessageId: messageId, activeMessageIsLocal: false };
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

/** `message` joins the tree, shown at the end of the active path. */
function grow(state: ChatState, message: ChatMessage): ReturnType<typeof showTree> {
  return showTree(state, [...state.tree, message], [message]);
}

function activeParts(state: ChatState): MessagePart[] {
  return findMessage(state.tree, state.activeMessageId)?.parts ?? [];
}

/**
 * Folds `event` into the assistant message the generation writes, creating that message
 * (after the end of the active path) when there is none yet (a stream without a `session`
 * event), and sets `phase`.
 */
function updateActive(state: ChatState, event: ChatEvent, phase: ChatPhase): ChatState {
  const message = findMessage(state.tree, state.activeMessageId);
  if (!message) {
    const id = event.seq === undefined ? `assistant-${state.tree.length}` : `assistant-seq-${event.seq}`;
    const opened = openMessage(id, 'assistant', event.at);
    opened.parentId = pathEnd(state);
    const grown = { ...state, ...grow(state, opened), activeMessageId: id, activeMessageIsLocal: false };
    const folded = foldMessage(opened, event);
    return { ...grown, ...(folded === opened ? {} : putMessage(grown, folded)), phase };
  }
  const folded = foldMessage(message, event);
  if (folded === message && phase === state.phase) return state;
  return folded === message ? { ...state, phase } : { ...state, ...putMessage(state, folded), phase };
}
