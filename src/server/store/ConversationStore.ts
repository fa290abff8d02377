import type { ChatEvent } from '../../core/events';
import type { ChatMessage } from '../../core/session/types';
import type { StoredEvent } from '../types';
import type { ConversationIndex } from './ConversationIndex';

/**
 * One generation in flight, as registered with {@link ConversationStore.beginStream}.
 * Every replica can read it: resume, history and the per-user limit rely on it.
 */
export interface ActiveStream {
  conversationId: string;
  /** Unguessable id of this generation; cancel is addressed to it. */
  streamId: string;
  /** Id of the assistant message the generation writes. */
  messageId: string;
  /** The user who started it (counts against their concurrent-stream limit). */
  userId: string;
  /**
   * The seq the generation's first event (`user-message`) gets: the log's last seq + 1
   * when the stream began. Set by the store, never by the caller.
   */
  startSeq: number;
  /** Epoch ms when the generation began. */
  startedAt: number;
}

/** What {@link ConversationStore.beginStream} is given: everything but `startSeq`. */
export type ActiveStreamInit = Omit<ActiveStream, 'startSeq'>;

/** Limits and options of {@link ConversationStore.beginStream}. */
export interface BeginStreamOptions {
  /** Refuse (`user-limit`) when the user already has this many streams in flight. No limit when omitted. */
  maxPerUser?: number;
  /**
   * Create the conversation, owned by `init.userId`, in the same atomic step (refused with
   * `conversation-exists` when the id is taken). Without it the conversation must exist
   * (`not-found` otherwise). A refused start so never leaves an empty conversation behind.
   */
  create?: boolean;
}

/**
 * Outcome of {@link ConversationStore.beginStream}. Either the stream is registered, or it
 * is refused: the conversation already has one in flight (`conversation-busy`), the user
 * is at their limit (`user-limit`, with `active` = their current count), the conversation
 * does not exist (`not-found`) or already does (`conversation-exists`, with `create`), or
 * the store has no room for another conversation (`store-full`, with a sentence saying why).
 */
export type BeginStreamResult =
  | { ok: true; stream: ActiveStream }
  | { ok: false; reason: 'conversation-busy'; active: ActiveStream }
  | { ok: false; reason: 'user-limit'; active: number }
  | { ok: false; reason: 'not-found' | 'conversation-exists' }
  | { ok: false; reason: 'store-full'; message: string };

/**
 * Outcome of {@link ConversationStore.appendOnce}: the event was appended with `seq`, or
 * an event was already appended under the same key (`first`, with its seq), and nothing was.
 */
export type AppendOnceResult = { appended: true; seq: number } | { appended: false; first: StoredEvent };

/** Callbacks of a log subscription ({@link ConversationStore.subscribe}). */
export interface LogListener {
  /** One event, delivered in seq order, each seq exactly once. */
  onEvent: (event: StoredEvent) => void;
  /**
   * The subscription broke (e.g. the Redis connection was lost) and no more events will
   * come. The subscriber should end its response; the client resumes from its last id.
   */
  onError?: (error: Error) => void;
}

/**
 * The one seam between the chat handler and storage. The memory store
 * (`createMemoryStore`) is the embedded default; a Redis store lets many replicas share
 * conversations, resume each other's streams and cancel each other's generations.
 *
 * Every conversation has one append-only event log whose seqs start at 1, increase by 1
 * and are never reused (not even after old events expire), a persisted message history,
 * an owner, and at most one generation in flight.
 *
 * All members are async and must be safe to call concurrently from many requests. The
 * members of {@link ConversationIndex} (each user's conversation list) are optional: a
 * store without them serves every route but the conversation-list ones (501).
 *
 * @example
 * ```ts
 * const store: ConversationStore = createMemoryStore({ maxConversations: 1000 });
 * const handler = createChatHandler({ store });
 * ```
 */
export interface ConversationStore extends Partial<ConversationIndex> {
  /**
   * Creates the conversation owned by `ownerId` if it does not exist yet.
   * @returns `true` when it was created, `false` when it already existed (whoever owns it).
   */
  createConversation(conversationId: string, ownerId: string): Promise<boolean>;

  /** The owner's user id, or `null` when the conversation does not exist (or was evicted). */
  getOwner(conversationId: string): Promise<string | null>;

  /**
   * `true` when concurrent {@link append} calls on one conversation get their seqs in call
   * order (the memory and Redis stores do): a generation then issues its appends without
   * waiting for each (at most 64 unconfirmed), which lets the store batch them. Otherwise
   * every append is awaited before the next.
   */
  readonly ordersConcurrentAppends?: boolean;

  /**
   * Appends one event to the conversation's log and wakes its subscribers.
   * The event is stored without its `seq` field; the store assigns the next seq.
   * @returns the seq the event got (the last seq + 1).
   */
  append(conversationId: string, event: ChatEvent): Promise<number>;

  /**
   * Appends `event` unless an event was already appended under `key` in this conversation,
   * in one atomic step: of any number of calls with one key, on any replica, exactly one
   * appends (approval requests and their one decision rely on it). Subscribers are woken
   * as by {@link append}. Keys are kept as long as the log's events (see `endStream`), at
   * most as many as the log holds events. Optional: without it, tools that need approval
   * are refused when the handler is created.
   */
  appendOnce?(conversationId: string, key: string, event: ChatEvent): Promise<AppendOnceResult>;

  /** The event appended under `key` by {@link appendOnce}, with its seq, or `null`. */
  readOnce?(conversationId: string, key: string): Promise<StoredEvent | null>;

  /**
   * Events with seq strictly greater than `afterSeq`, oldest first, at most `limit`
   * (default: all). Events that expired are simply absent; seqs are never renumbered.
   */
  readAfter(conversationId: string, afterSeq: number, limit?: number): Promise<StoredEvent[]>;

  /** The seq of the last event ever appended (0 for an empty or unknown conversation). */
  lastSeq(conversationId: string): Promise<number>;

  /**
   * Delivers every event with seq strictly greater than `afterSeq`: first those already
   * stored, then live ones as they are appended, in seq order, each exactly once, without
   * polling. Resolves once the subscription is in place; call the returned function to stop.
   */
  subscribe(conversationId: string, afterSeq: number, listener: LogListener): Promise<() => void>;

  /**
   * Appends messages to the persisted history (the handler writes the user message and
   * the assistant message, partial or not, when a generation ends). A message whose `id`
   * is already stored replaces it. Stores may keep only the latest messages (bounded).
   */
  appendMessages(conversationId: string, messages: ChatMessage[]): Promise<void>;

  /**
   * The history, oldest first (in the order the messages were first appended: siblings of
   * a branch in that order); with `limit`, only the last `limit` messages.
   */
  getMessages(conversationId: string, limit?: number): Promise<ChatMessage[]>;

  /**
   * Records branch choices of the conversation's message tree (docs/branches.md): for each
   * key (a message id, or `''` for the conversation's start), the child the active path
   * takes there; later writes of a key replace earlier ones. Bounded with the history:
   * entries of messages no longer kept may be dropped. Optional: without it, every path
   * takes the latest branch and the branch route answers 501.
   */
  setSelection?(conversationId: string, selection: Record<string, string>): Promise<void>;

  /** The branch choices written by {@link setSelection} (`{}` when none). */
  getSelection?(conversationId: string): Promise<Record<string, string>>;

  /**
   * Registers a generation as in flight, atomically refusing it when the conversation
   * already has one or when the user already has `maxPerUser` streams in flight
   * (no limit when omitted); with `create`, creates the conversation in the same step.
   * The store sets `startSeq`.
   */
  beginStream(init: ActiveStreamInit, options?: BeginStreamOptions): Promise<BeginStreamResult>;

  /** The generation in flight for this conversation, or `null`. */
  getActiveStream(conversationId: string): Promise<ActiveStream | null>;

  /**
   * Unregisters the generation (after its terminal event was appended) and starts the
   * retention clock: the conversation's log events may be dropped `retainMs` later
   * (its `lastSeq` is kept). A no-op when `streamId` is not the one in flight. A
   * conversation left with no event and no message (its first start failed before
   * writing anything) is deleted.
   */
  endStream(conversationId: string, streamId: string): Promise<void>;

  /** How many generations the user has in flight, across all replicas. */
  countActiveStreams(userId: string): Promise<number>;

  /**
   * Asks whichever replica runs `streamId` to stop it. Delivered to every
   * {@link onCancel} listener of that stream id, on any replica.
   */
  publishCancel(streamId: string, reason?: string): Promise<void>;

  /**
   * Listens for cancel requests addressed to `streamId` (the replica running the
   * generation registers this). Resolves once listening; call the returned function to stop.
   */
  onCancel(streamId: string, listener: (reason?: string) => void): Promise<() => void>;

  /** Releases timers and connections. Optional; the memory store needs none. */
  close?(): Promise<void>;
}
