import type { ChatMessage, ChatPhase, ConnectionState, ErrorPart } from './types';

/**
 * Everything the chat state machine ({@link chatReducer}) owns for one conversation.
 * Derived things (is the answer streaming, the last user message) are computed from it,
 * never stored.
 */
export interface ChatState {
  /** The server's conversation id, once known (from options, the `session` event or a header). */
  conversationId: string | null;
  /** The in-flight (or last) generation's stream id, from the `session` event. */
  streamId: string | null;
  /**
   * Every message of the conversation this client knows, of every branch (edits and
   * regenerations are siblings: `parentId`), in the order they were created. Without
   * branches that is the conversation, oldest first. What it shows is the active path,
   * `activePath(messages, selection)` (`useMessageIds()`, `useChat().messages`; docs/branches.md).
   * Untouched messages keep their identity across updates.
   */
  messages: ChatMessage[];
  /**
   * Where the active path goes: for a message id (`''`: the conversation's start), the child
   * it takes there. A message with no entry takes its child created last. New messages,
   * edits, regenerations and `branch` events write it.
   */
  selection: Record<string, string>;
  /** Where the generation is. A dropped connection never changes it. */
  phase: ChatPhase;
  /** The HTTP stream, orthogonal to `phase`. */
  connection: ConnectionState;
  /** The fatal error that ended the last generation, `null` otherwise. */
  error: ErrorPart | null;
  /** The highest event `seq` applied; events at or below it are replays and change nothing. */
  lastSeq: number;
  /** The assistant message the current generation writes into, `null` before the first one. */
  activeMessageId: string | null;
  /**
   * `true` while {@link ChatState.activeMessageId} is the placeholder a local `submit`
   * created, not yet bound to the server's `messageId` by a `session` event.
   */
  activeMessageIsLocal: boolean;
}

/**
 * The state before anything happened.
 *
 * @example
 * ```ts
 * const state = chatReducer(initialChatState, { type: 'text-delta', delta: 'Hi' });
 * ```
 */
export const initialChatState: ChatState = {
  conversationId: null,
  streamId: null,
  messages: [],
  selection: {},
  phase: 'idle',
  connection: 'idle',
  error: null,
  lastSeq: 0,
  activeMessageId: null,
  activeMessageIsLocal: false,
};
