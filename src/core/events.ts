/**
 * The canonical event model. Every wire format (chatwire's own, Anthropic, OpenAI Chat
 * Completions and Responses, the Vercel AI SDK protocols) is normalized into this one
 * union, so the reducer, the store, multi-tab sync and the server log all speak one
 * language.
 *
 * @packageDocumentation
 */
import type { MessageFeedback } from './session/types';

/** Fields every {@link ChatEvent} may carry, whatever its type. */
export interface ChatEventBase {
  /**
   * The stream position the event came from, when the wire format has one (the numeric
   * SSE `id` of chatwire's protocol, OpenAI Responses' `sequence_number`). Positions
   * increase within one stream; an event whose position was already applied is a replay
   * and changes nothing.
   */
  seq?: number;
  /**
   * When the event was received or produced, in epoch milliseconds. Stamped by the
   * session controller when the wire format does not carry it; the reducer stays pure by
   * reading time only from here.
   */
  at?: number;
}

/** A structured source, shown as a citation badge. */
export interface Citation {
  /** Identifier the text refers to, e.g. `"3"` for a `[3]` marker. */
  id: string;
  title?: string;
  url?: string;
  snippet?: string;
  /** For transcript citations such as `[12:45, Sarah Johnson]`. */
  timestamp?: string;
  speaker?: string;
}

/** Token usage reported at the end of a response. */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  totalTokens?: number;
}

/** Ids that tie a stream to its conversation and the assistant message it writes. */
export interface SessionEvent extends ChatEventBase {
  type: 'session';
  conversationId?: string;
  streamId?: string;
  messageId?: string;
  /** The prompt the answer `messageId` belongs to (a regenerated answer is a sibling of the earlier ones). */
  parentId?: string;
}

/** A prompt written by a user, echoed so other tabs and devices show it live. */
export interface UserMessageEvent extends ChatEventBase {
  type: 'user-message';
  messageId: string;
  text: string;
  /** The answer this prompt follows; `''` for a first prompt. An edited prompt is a sibling of the one it edits. */
  parentId?: string;
}

/**
 * The conversation now shows the branch of `messageId` (one of its siblings): the active
 * path goes through it and on along its own latest choices. Written by the branch route
 * (`POST {endpoint}/{conversationId}/branch`, docs/branches.md).
 */
export interface BranchEvent extends ChatEventBase {
  type: 'branch';
  messageId: string;
}

/** A human-readable progress line, e.g. "Searching across 12 conversations...". */
export interface StatusEvent extends ChatEventBase {
  type: 'status';
  text: string;
}

/** A piece of the answer. */
export interface TextDeltaEvent extends ChatEventBase {
  type: 'text-delta';
  delta: string;
}

/** A piece of the model's visible thinking. */
export interface ReasoningDeltaEvent extends ChatEventBase {
  type: 'reasoning-delta';
  delta: string;
}

/** A tool call opens; its arguments will stream in as `tool-call-delta`. */
export interface ToolCallStartEvent extends ChatEventBase {
  type: 'tool-call-start';
  toolCallId: string;
  name: string;
}

/** A piece of a tool call's argument JSON. */
export interface ToolCallDeltaEvent extends ChatEventBase {
  type: 'tool-call-delta';
  toolCallId: string;
  argsDelta: string;
}

/** A tool call is complete: name and parsed arguments. */
export interface ToolCallEvent extends ChatEventBase {
  type: 'tool-call';
  toolCallId: string;
  name: string;
  args: unknown;
}

/** The server started running the tool, or (`runsOn: 'page'`) waits for the page to run it. */
export interface ToolExecutingEvent extends ChatEventBase {
  type: 'tool-executing';
  toolCallId: string;
  /** `'page'`: a tool the page declared (`clientTools`); a page claims it and runs it (docs/tools.md). */
  runsOn?: 'page';
}

/**
 * A page took a call of a page tool (`clientTools`) to run: the one claim on it (the first
 * one wins, through the claim route), so exactly one device runs it; `by` is that
 * device's id. Others show it running elsewhere. A later one, `interrupted`, from the
 * device running it, says a reload cut its run short and the user is asked; then one with
 * `choice`, from any of the user's devices, is the answer (exactly one is written).
 */
export interface ToolClaimEvent extends ChatEventBase {
  type: 'tool-claim';
  toolCallId: string;
  /** The claiming device (the page's device id). */
  by: string;
  /**
   * `true`: the claimant found its run cut short by a reload and asks the user what to do
   * (a tool with `onReload: 'ask'`): run it again there, or report it interrupted.
   */
  interrupted?: boolean;
  /**
   * The user's answer on an interrupted run: `'rerun'`, the device `by` runs the call now
   * (it is its claim from here on); `'report'`, the call ends with an error result saying
   * it was interrupted (the server writes it next).
   */
  choice?: 'rerun' | 'report';
}

/** The result, or error (`isError`), of one tool call. */
export interface ToolResultEvent extends ChatEventBase {
  type: 'tool-result';
  toolCallId: string;
  result: unknown;
  isError?: boolean;
}

/**
 * The generation paused: the tool call `toolCallId` runs only once a person approves it
 * (a server tool with `needsApproval`). Answered through the decision route
 * (`POST {endpoint}/{conversationId}/tool-calls/{toolCallId}/decision`, docs/tools.md).
 */
export interface ApprovalRequestEvent extends ChatEventBase {
  type: 'approval-request';
  toolCallId: string;
  name: string;
  args: unknown;
  /** Epoch ms after which the call ends as not approved (`decidedBy: 'timeout'`), when the server bounds the wait. */
  expiresAt?: number;
}

/** Who settled an approval request: a person, the server's timeout, or a stop of the generation. */
export type ApprovalDecider = 'user' | 'timeout' | 'stop';

/**
 * The one decision on an approval request (the first one wins; the log holds no second).
 * Approved calls run next (`tool-executing`, `tool-result`); the others get a `tool-result`
 * with `isError` saying they were not run, which the model reads.
 */
export interface ApprovalDecisionEvent extends ChatEventBase {
  type: 'approval-decision';
  toolCallId: string;
  approved: boolean;
  /** Why, as the person (or the server) put it; shown on the card and passed to the model. */
  reason?: string;
  /** Default `'user'`. */
  decidedBy?: ApprovalDecider;
}

/** Structured sources for citation badges. */
export interface CitationsEvent extends ChatEventBase {
  type: 'citations';
  citations: Citation[];
}

/** The response finished. */
export interface DoneEvent extends ChatEventBase {
  type: 'done';
  /** Normalized: `stop`, `length`, `tool-calls`, `content-filter`, or the provider's own word. */
  finishReason?: string;
  usage?: Usage;
  processingTimeMs?: number;
}

/** Something went wrong. */
export interface ErrorEvent extends ChatEventBase {
  type: 'error';
  /** Readable message saying what went wrong and what was received. */
  message: string;
  /** Machine-readable code, e.g. `overloaded_error`, `malformed_event`, `http_500`. */
  code?: string;
  /** Whether trying again may help. */
  retryable?: boolean;
  /** HTTP status, when the error came from a response. */
  status?: number;
  /**
   * `false` for an error that does not end the generation (one malformed event among
   * good ones). Absent or `true` ends it.
   */
  fatal?: boolean;
}

/** The generation was stopped. */
export interface CancelledEvent extends ChatEventBase {
  type: 'cancelled';
  reason?: string;
}

/**
 * A reader rated the answer `messageId` (the thumbs under it): `'up'`, `'down'`, or `null`
 * when the rating was taken back. Written to the conversation's log by the feedback route
 * (`POST {base}/{conversationId}/messages/{messageId}/feedback`, docs/PROTOCOL.md), once per
 * change, so other tabs and devices show it and the history keeps it.
 */
export interface FeedbackEvent extends ChatEventBase {
  type: 'feedback';
  messageId: string;
  value: MessageFeedback | null;
}

/** The canonical event union every adapter produces. */
export type ChatEvent =
  | SessionEvent
  | UserMessageEvent
  | BranchEvent
  | StatusEvent
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ToolCallStartEvent
  | ToolCallDeltaEvent
  | ToolCallEvent
  | ToolExecutingEvent
  | ToolClaimEvent
  | ToolResultEvent
  | ApprovalRequestEvent
  | ApprovalDecisionEvent
  | CitationsEvent
  | DoneEvent
  | ErrorEvent
  | CancelledEvent
  | FeedbackEvent;

/** The `type` of every {@link ChatEvent}. */
export type ChatEventType = ChatEvent['type'];

/** Every {@link ChatEventType}, for validation. */
export const CHAT_EVENT_TYPES: readonly ChatEventType[] = [
  'session',
  'user-message',
  'branch',
  'status',
  'text-delta',
  'reasoning-delta',
  'tool-call-start',
  'tool-call-delta',
  'tool-call',
  'tool-executing',
  'tool-claim',
  'tool-result',
  'approval-request',
  'approval-decision',
  'citations',
  'done',
  'error',
  'cancelled',
  'feedback',
];
