import type { Citation, Usage } from '../events';

/** Where a generation is. A dropped connection never changes it. */
export type ChatPhase =
  | 'idle'
  | 'submitted'
  | 'generating'
  | 'tool-calling'
  | 'executing'
  | 'awaiting-approval'
  | 'resuming'
  | 'complete'
  | 'cancelled'
  | 'error';

/** The state of the HTTP stream, orthogonal to {@link ChatPhase}. */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'replaying' | 'closed';

/** A piece of the answer. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** The model's visible thinking. */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
}

/**
 * Lifecycle of one tool call: `streaming-args -> called -> executing -> result | error`.
 * A call that needs approval waits in `awaiting-approval`; approved, it goes on to
 * `executing`; not approved (denied, timed out, stopped), it ends `denied`.
 */
export type ToolCallState = 'streaming-args' | 'called' | 'awaiting-approval' | 'executing' | 'result' | 'error' | 'denied';

/** An approval request of a tool call and, once there is one, its decision. */
export interface ToolApproval {
  /** Epoch ms the request was made. */
  requestedAt?: number;
  /** Epoch ms after which the server ends the wait as not approved. */
  expiresAt?: number;
  /** The decision, once made; absent while pending. */
  approved?: boolean;
  /** The reason given with the decision. */
  reason?: string;
  /** Who decided: a person, the timeout, or a stop. */
  decidedBy?: 'user' | 'timeout' | 'stop';
  /** Epoch ms of the decision. */
  decidedAt?: number;
}

/** One tool call, keyed by `toolCallId`; several calls are several parts. */
export interface ToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  name: string;
  /** The argument JSON as streamed so far. */
  argsText: string;
  /** Parsed arguments, once complete. */
  args?: unknown;
  state: ToolCallState;
  result?: unknown;
  isError?: boolean;
  /** Epoch ms the call opened. */
  startedAt?: number;
  /** Epoch ms the server started running it. */
  executingAt?: number;
  /** Epoch ms the result arrived. */
  endedAt?: number;
  /** Set when the call needed approval: the request and its decision. */
  approval?: ToolApproval;
  /** `'page'`: a tool the page runs (`clientTools`), not the server. */
  runsOn?: 'page';
  /** The device that runs the call (a page tool): exactly one claim wins; a person's "run again" on another device moves it there. */
  claimedBy?: string;
  /** `true` when a reload cut the run short and the user is asked, on any of their devices (run again, or report it). */
  interrupted?: boolean;
}

/** Sources for citation badges. */
export interface CitationsPart {
  type: 'citations';
  citations: Citation[];
}

/** A progress line. */
export interface StatusPart {
  type: 'status';
  text: string;
}

/** An error, kept in the message beside the partial answer. */
export interface ErrorPart {
  type: 'error';
  message: string;
  code?: string;
  retryable?: boolean;
  status?: number;
}

/** Any part of a message. */
export type MessagePart = TextPart | ReasoningPart | ToolCallPart | CitationsPart | StatusPart | ErrorPart;

/** A reader's rating of an answer: thumbs up or down. */
export type MessageFeedback = 'up' | 'down';

/** One message of a conversation. */
export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  parts: MessagePart[];
  /**
   * The message this one follows in the conversation's tree: an answer's prompt, or the
   * answer a prompt was written after; `''` for a first prompt. Edits and regenerations
   * are siblings (same `parentId`), never overwrites (docs/branches.md). Absent on messages
   * written without branches (`initialMessages`, older servers): such a message follows the
   * message before it.
   *
   * @example { id: 'u2', role: 'user', parentId: '', parts: [{ type: 'text', text: 'Hi again' }] } // an edit of the first prompt
   */
  parentId?: string;
  /** Assistant messages: how the response ended, once it has. */
  finishReason?: string;
  usage?: Usage;
  /** Epoch ms of creation. */
  createdAt?: number;
  /** Assistant messages: the rating a reader gave (`MessageActions`' thumbs), absent when none. */
  feedback?: MessageFeedback;
}
