import type { ChatEvent } from '../events';
import type { ChatInput } from './ChatAction';
import { applyChatEvent } from './applyChatEvent';
import { pathEnd, withMessages } from './treeUpdates';
import { ACTIVE_PHASES } from './phases';
import { initialChatState, type ChatState } from './ChatState';
import type { ChatMessage } from './types';

/**
 * The chat state machine: pure `(state, input) -> state`, over the wire's
 * {@link ChatEvent}s and the local {@link ChatAction}s.
 *
 * - `phase`: `idle -> submitted -> generating <-> tool-calling -> executing -> resuming ->
 *   generating ... -> complete`, or `cancelled` / `error` from any active phase. A tool
 *   call that needs approval pauses in `awaiting-approval` until its decision.
 * - `connection` changes only through the `connection` action; a drop never changes `phase`.
 * - Events whose `seq` was already applied change nothing (replays after reconnect or reload).
 * - Errors are parts of the message and a phase, never thrown. `fatal: false` keeps the phase.
 * - Unchanged messages keep their identity, so per-message selectors do not re-render.
 * - Messages form a tree (`parentId`), every branch in `messages`, the active path chosen by
 *   `selection`: `submit` with a `parentId` (an edit, or without `userMessage` a regeneration) adds siblings and shows
 *   them; a `branch` event shows another sibling's whole continuation (docs/branches.md).
 *
 * @example
 * ```ts
 * let s = chatReducer(initialChatState, {
 *   type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1',
 * });
 * s = chatReducer(s, { type: 'text-delta', delta: 'Hello', seq: 3 });
 * s.phase; // 'generating'
 * ```
 */
export function chatReducer(state: ChatState, input: ChatInput): ChatState {
  switch (input.type) {
    case 'submit': {
      // Without a user message, a regeneration: only the new answer, after the prompt `parentId`.
      const { userMessage } = input;
      const parentId = input.parentId ?? pathEnd(state);
      const user: ChatMessage[] = userMessage ? [{ id: userMessage.id, role: 'user', parts: [{ type: 'text', text: userMessage.text }], parentId }] : [];
      const assistant: ChatMessage = { id: input.assistantMessageId, role: 'assistant', parts: [], parentId: user[0]?.id ?? parentId };
      if (input.at !== undefined) for (const m of [...user, assistant]) m.createdAt = input.at;
      return {
        ...state,
        ...withMessages(state, ...user, assistant),
        phase: 'submitted',
        error: null,
        streamId: null,
        activeMessageId: assistant.id,
        activeMessageIsLocal: true,
      };
    }
    case 'connection':
      return state.connection === input.connection ? state : { ...state, connection: input.connection };
    case 'stop':
      // A local stop is the `cancelled` the server will write: the answer ends the same way.
      return ACTIVE_PHASES.has(state.phase) ? applyChatEvent(state, { type: 'cancelled' }) : state;
    case 'hydrate':
      return {
        ...state,
        conversationId: input.conversationId ?? state.conversationId,
        messages: uniqueById(input.messages),
        selection: input.selection ?? {},
        lastSeq: input.lastSeq,
        phase: 'idle',
        error: null,
        activeMessageId: null,
        activeMessageIsLocal: false,
      };
    case 'reset':
      return {
        ...initialChatState,
        conversationId: input.conversationId ?? null,
        messages: uniqueById(input.messages ?? []),
      };
    default:
      return applyChatEvent(state, input satisfies ChatEvent);
  }
}

function uniqueById(messages: ChatMessage[]): ChatMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
}
