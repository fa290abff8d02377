import type { ChatEvent } from '../events';
import type { ChatMessage, ConnectionState } from './types';

/**
 * The user sent a prompt: adds it and an empty assistant message; phase `submitted`.
 * Without `userMessage`, a regeneration: only the empty answer, after the prompt `parentId`
 * (a sibling of the answers it had).
 */
export interface SubmitAction {
  type: 'submit';
  userMessage?: { id: string; text: string };
  /** Id of the placeholder assistant message (renamed to the server's id by `session`). */
  assistantMessageId: string;
  /** Epoch ms, stamped as `createdAt`. */
  at?: number;
  /**
   * The message the prompt follows (an edit: the edited prompt's parent; `''` the start),
   * or, without `userMessage`, the prompt the new answer is for. Default: the end of the
   * active path.
   */
  parentId?: string;
}

/** The HTTP stream changed state. Never changes `phase`. */
export interface ConnectionAction {
  type: 'connection';
  connection: ConnectionState;
}

/** The user pressed Stop: phase `cancelled` (when a generation was active), partial answer kept. */
export interface StopAction {
  type: 'stop';
  at?: number;
}

/** History from the server replaces the messages, every branch of them (duplicated ids are dropped). */
export interface HydrateAction {
  type: 'hydrate';
  conversationId: string | null;
  messages: ChatMessage[];
  /** Events up to this `seq` are in `messages`; later ones will be replayed. */
  lastSeq: number;
  /** The history's branch choices ({@link ChatState.selection}); none: the latest branches. */
  selection?: Record<string, string>;
}


/** Back to the start, optionally with a conversation and messages. */
export interface ResetAction {
  type: 'reset';
  conversationId?: string | null;
  messages?: ChatMessage[];
}

/** Local actions of the state machine, besides the {@link ChatEvent}s from the wire. */
export type ChatAction = SubmitAction | ConnectionAction | StopAction | HydrateAction | ResetAction;

/** Everything {@link chatReducer} accepts. */
export type ChatInput = ChatEvent | ChatAction;
