import type { ConversationListEvent, ConversationSummary } from '../../core/conversations/ConversationSummary';

/** Who set a conversation's title: the first prompt, the model, or the user (a rename). */
export type TitleSource = 'prompt' | 'model' | 'user';

/** One event of a user's conversation log; `seq` is its SSE id on the user-events route. */
export interface StoredConversationEvent {
  seq: number;
  event: ConversationListEvent;
}

/** Callbacks of {@link ConversationIndex.subscribeConversationEvents}, as a conversation log's. */
export interface ConversationEventListener {
  onEvent: (stored: StoredConversationEvent) => void;
  onError?: (error: Error) => void;
}

/**
 * A change to one entry of a user's conversation list ({@link ConversationIndex.updateConversation}).
 * Absent fields stay as they are.
 */
export interface ConversationPatch {
  title?: string;
  /** Who wrote `title`. A `'model'` title never replaces a `'user'` one (a rename wins). */
  titleBy?: TitleSource;
  updatedAt?: number;
  running?: boolean;
  /** Messages to add to `messageCount`. */
  addMessages?: number;
}

/** The event types {@link ConversationIndex.updateConversation} appends. */
export type ConversationUpdateType = 'conversation-renamed' | 'conversation-started' | 'conversation-finished';

/** A page of a user's conversations, most recently updated first. */
export interface ConversationPageQuery {
  /** At most this many. */
  limit: number;
  /** Only those after this entry in the order (updatedAt descending, then id descending). */
  before?: { updatedAt: number; conversationId: string };
}

/**
 * The per-user side of a store: each user's list of conversations (title, times, message
 * count, whether a generation is running) and a per-user log of changes to it, with seqs
 * from 1, bounded like a conversation log. The handler writes it (start, end, rename,
 * delete); the user-events route replays and follows the log, so every tab and device of
 * the user sees the list change. The memory and Redis stores implement it; a store without
 * it has no conversation routes (they answer 501).
 */
export interface ConversationIndex {
  /**
   * Adds `summary` to the user's list and appends `conversation-created`, in one step.
   * @returns the event, or `null` when the conversation is already listed (nothing written).
   */
  indexConversation(userId: string, summary: ConversationSummary, titleBy: TitleSource): Promise<StoredConversationEvent | null>;

  /**
   * Applies `patch` to the listed conversation and appends `type` with the new summary, in
   * one step. `null` (nothing written) when it is not listed (deleted meanwhile) or when a
   * `'model'` title would replace the user's.
   */
  updateConversation(userId: string, conversationId: string, patch: ConversationPatch, type: ConversationUpdateType): Promise<ConversationSummary | null>;

  /** The listed conversation, or `null`. */
  getConversation(userId: string, conversationId: string): Promise<ConversationSummary | null>;

  /** A page of the user's list, most recently updated first (ties: id descending). */
  listConversations(userId: string, query: ConversationPageQuery): Promise<ConversationSummary[]>;

  /**
   * Deletes the conversation (log, history, generation record, list entry) and appends
   * `conversation-deleted`. Cancel a running generation first. `false` when it was not there.
   */
  deleteConversation(userId: string, conversationId: string): Promise<boolean>;

  /** The user's log after `afterSeq`, oldest first, at most `limit`. */
  readConversationEvents(userId: string, afterSeq: number, limit?: number): Promise<StoredConversationEvent[]>;

  /** The seq of the user's last conversation event (0: none). */
  lastConversationEventSeq(userId: string): Promise<number>;

  /** Replay after `afterSeq`, then live, each seq once, in order (like `subscribe` of a conversation). */
  subscribeConversationEvents(userId: string, afterSeq: number, listener: ConversationEventListener): Promise<() => void>;
}
