/**
 * One entry of a user's conversation list, as the list route and the user-events route
 * send it (docs/conversations.md).
 */
export interface ConversationSummary {
  conversationId: string;
  /** Set from the first prompt at once; the model may improve it; a rename replaces it. */
  title: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last prompt, answer or rename: the list's order (most recent first). */
  updatedAt: number;
  /** Messages written in all (user and assistant), including those the history no longer keeps. */
  messageCount: number;
  /** Whether a generation is running (on any replica). */
  running: boolean;
}

/**
 * A change to a user's conversation list, as the user-events route sends it (the SSE
 * `event` is the `type`, the `id` its seq in the user's log). Every event but
 * `conversation-deleted` carries the whole new summary, so applying one is a replace.
 */
export type ConversationListEvent =
  | {
      type: 'conversation-created' | 'conversation-renamed' | 'conversation-started' | 'conversation-finished';
      conversation: ConversationSummary;
      /** Epoch ms when the server wrote it. */
      at: number;
    }
  | { type: 'conversation-deleted'; conversationId: string; at: number };

/** The event types of {@link ConversationListEvent}. */
export const CONVERSATION_EVENT_TYPES: readonly ConversationListEvent['type'][] = [
  'conversation-created',
  'conversation-renamed',
  'conversation-started',
  'conversation-finished',
  'conversation-deleted',
];
