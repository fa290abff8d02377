import type { ChatEvent } from '../events';
import type { ChatInput } from './ChatAction';
import { activePath, parentKeys } from './activePath';
import { applyChatEvent } from './applyChatEvent';
import { pathEnd, showTree } from './treeUpdates';
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
 * - Messages form a tree (`parentId`): `tree` holds every branch, `messages` the active path
 *   (`selection`); `submit` with a `parentId` (an edit) and `regenerate` add siblings and
 *   show them, a `branch` event shows another sibling's whole continuation (docs/branches.md).
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
      const user: ChatMessage = { id: input.userMessage.id, role: 'user', parts: [{ type: 'text', text: input.userMessage.text }], parentId: input.parentId ?? pathEnd(state) };
      return begin(state, [user, { id: input.assistantMessageId, role: 'assistant', parts: [], parentId: user.id }], input.at);
    }
    case 'regenerate': {
      const at = state.tree.findIndex((m) => m.id === input.messageId);
      if (state.tree[at]?.role !== 'assistant') return state;
      return begin(state, [{ id: input.assistantMessageId, role: 'assistant', parts: [], parentId: parentKeys(state.tree)[at] as string }], input.at);
    }
    case 'connection':
      return state.connection === input.connection ? state : { ...state, connection: input.connection };
    case 'stop':
      // A local stop is the `cancelled` the server will write: the answer ends the same way.
      return ACTIVE_PHASES.has(state.phase) ? applyChatEvent(state, { type: 'cancelled' }) : state;
    case 'hydrate':
      return {
        ...state,
        ...treeOf(input.messages, input.selection ?? {}),
        conversationId: input.conversationId ?? state.conversationId,
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
        ...treeOf(input.messages ?? [], {}),
      };
    default:
      return applyChatEvent(state, input satisfies ChatEvent);
  }
}

/** Starts a generation: the new messages (the last one the placeholder answer) join the tree on the active path. */
function begin(state: ChatState, added: ChatMessage[], at: number | undefined): ChatState {
  if (at !== undefined) for (const m of added) m.createdAt = at;
  return {
    ...state,
    ...showTree(state, [...state.tree, ...added], added),
    phase: 'submitted',
    error: null,
    streamId: null,
    activeMessageId: (added[added.length - 1] as ChatMessage).id,
    activeMessageIsLocal: true,
  };
}

function treeOf(messages: ChatMessage[], selection: Record<string, string>): Pick<ChatState, 'tree' | 'selection' | 'messages'> {
  const tree = uniqueById(messages);
  return { tree, selection, messages: activePath(tree, selection) };
}

function uniqueById(messages: ChatMessage[]): ChatMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
}
