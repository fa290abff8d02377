import type { ChatEvent } from '../events';
import type { ChatInput } from './ChatAction';
import type { ChatMetrics } from './ChatMetrics';
import type { ChatOptions } from './ChatOptions';
import type { ChatState } from './ChatState';
import type { ChatMessage, ConnectionState, MessageFeedback } from './types';
import type { ToolDecisionOutcome } from './decideToolCall';

/** Per-call options of {@link ChatController.send}. */
export interface SendOptions {
  /** Extra fields for this request's body, merged over `options.body`. */
  body?: Record<string, unknown>;
}

/** Per-call options of {@link ChatController.resume}. */
export interface ResumeOptions {
  /**
   * Load the history first (`true`, default), or resume straight after the state's
   * `lastSeq` (`false`: a tab taking over the stream another tab was reading).
   */
  history?: boolean;
  /**
   * Ask the server to keep the stream open across generations (`?follow=1` on the resume
   * route), so prompts sent from other devices show here. Used by the `follow` option.
   * @defaultValue `false`
   */
  follow?: boolean;
}

/**
 * The conversation as one tab sees it, handed to another tab (multi-tab sync): the whole
 * {@link ChatState} except the tab's own `connection`.
 */
export type ChatSnapshot = Omit<ChatState, 'connection'>;

/**
 * The session controller: owns fetch, timers, storage and the frame scheduler, and feeds
 * the pure {@link chatReducer}. Created by {@link createChatController}; the store
 * (`createChatStore`) exposes its actions.
 */
export interface ChatController {
  /** The latest state, including changes not yet published to the store (at most one frame old there). */
  getState(): ChatState;
  /** Every response's figures so far. */
  getMetrics(): ChatMetrics;
  /**
   * Sends a prompt and streams the answer. A response still streaming is stopped first.
   * Resolves when the response ended (complete, cancelled or error); never rejects for
   * stream errors, which become error parts and phase `error`.
   */
  send(text: string, options?: SendOptions): Promise<void>;
  /**
   * Stops the response: aborts the local read at once (and any pending reconnect) and
   * POSTs the cancel route, retried with backoff; a cancel that still fails becomes a
   * non-fatal error part (`code: 'cancel_failed'`). The partial answer stays.
   */
  stop(): Promise<void>;
  /**
   * Re-sends the last user prompt of the branch shown as a new generation (new user and
   * assistant messages). Its code is in the lazy session chunk, loaded with the first stream.
   */
  retry(): Promise<void>;
  /**
   * Edits the prompt `messageId`: a new prompt with `text`, its sibling (the same parent),
   * and a new answer, shown in its place; the earlier prompt and its answers stay a branch
   * (docs/branches.md). A response still streaming is stopped first, its partial answer
   * kept in its branch. Resolves like {@link send}; rejects for an id that is not a known
   * prompt of this conversation.
   */
  edit(messageId: string, text: string): Promise<void>;
  /**
   * Writes the answer `messageId` again: a new answer to the same prompt, its sibling, shown
   * in its place. Stops a response still streaming first. Resolves like {@link send};
   * rejects for an id that is not a known answer.
   */
  regenerate(messageId: string): Promise<void>;
  /**
   * Shows the sibling at `index` (0-based, in the order they were created) of the message
   * `messageId`, with that branch's whole continuation, at once; the choice is recorded on
   * the server (the branch route), so a reload, every tab and every device show it. Does
   * nothing while an answer is being written, for an unknown id, or an index out of range.
   */
  switchBranch(messageId: string, index: number): void;
  /**
   * Rates the answer `messageId`: `'up'`, `'down'`, or `null` to take the rating back. It
   * shows at once (`message.feedback`) and, on a server that keeps history, is recorded with
   * the feedback route, so a reload, the other tabs and the devices following the
   * conversation show it (docs/branches.md). A refusal shows the earlier rating again and
   * calls `onError` (`feedback_failed`). Rejects for an id that is not a known answer. Its
   * code is in the lazy session chunk.
   */
  feedback(messageId: string, value: MessageFeedback | null): Promise<void>;
  /**
   * Picks up the in-flight stream remembered in storage (or the current conversation):
   * history, then the resume route with `Last-Event-ID`. Resolves `true` when a stream was
   * resumed, `false` when there was nothing to resume.
   */
  resume(options?: ResumeOptions): Promise<boolean>;
  /**
   * Answers the approval request of a tool call (phase `awaiting-approval`, the part in
   * state `awaiting-approval`): POSTs the decision route, from any tab. The decision
   * itself arrives as an `approval-decision` event on the stream, in every tab. Resolves
   * `recorded: false` with the first decision when someone decided first (409); rejects
   * when nothing awaits approval or the request fails. See docs/tools.md.
   */
  decide(toolCallId: string, decision: { approved: boolean; reason?: string }): Promise<ToolDecisionOutcome>;
  /**
   * The user's answer on a call of a page tool (`clientTools`) that a reload interrupted
   * (the tool's `onReload: 'ask'`, the part `interrupted`), from any tab of any of the
   * user's devices: the claim route keeps the first answer. `'rerun'` runs it again in this
   * page (the call is this device's from then on); `'report'` has the server write an error
   * result saying it was interrupted. Resolves once the result is posted, or at once when
   * another answer came first; does nothing for a call that has its result; rejects for
   * `'rerun'` when this page does not declare the tool. See docs/tools.md.
   */
  continueToolCall(toolCallId: string, choice: 'rerun' | 'report'): Promise<void>;
  /**
   * Applies events that arrived another way, e.g. mirrored from another tab: same `seq`
   * dedupe (taken as conversation positions), metrics, callbacks and frame coalescing as
   * streamed events; a terminal event ends the response as it would on the wire.
   * `apply`, `setConnection`, `adopt` and `observe` are public on purpose: they are the seam
   * multi-tab sync is built on, open to an app that mirrors a conversation its own way (a
   * worker, a WebSocket).
   */
  apply(events: ChatEvent[]): void;
  /**
   * Dispatches the `connection` action: shows a connection this controller does not own
   * (a multi-tab follower shows its leader's). Publishes at once. The controller's own
   * streams set `connection` too, so call it only in a tab without a stream of its own.
   */
  setConnection(connection: ConnectionState): void;
  /**
   * Replaces the conversation with another tab's (multi-tab sync), keeping this tab's
   * `connection`. A generation that this changes from active to ended finishes here too
   * (`onFinish`). Publishes at once.
   */
  adopt(snapshot: ChatSnapshot): void;
  /**
   * Calls `listener` after every input that changed the state: each applied event (with
   * its `seq` and `at`), the local actions `submit`, `stop`, `hydrate`, `reset`, and each
   * `connection` change. Returns the unsubscribe function. Multi-tab sync mirrors with it.
   */
  observe(listener: (input: ChatInput) => void): () => void;
  /**
   * Starts the work that needs a browser and a mounted UI, such as multi-tab sync.
   * `ChatProvider` and `useChat` call it on mount; the first `send`, `stop`, `retry` or
   * `resume` calls it too. A no-op for a controller without multi-tab sync.
   */
  attach(): void;
  /** Whether storage remembers an in-flight stream to resume. */
  hasPersistedStream(): boolean;
  /** Aborts any stream (without cancelling it on the server) and starts over. */
  reset(init?: { conversationId?: string | null; messages?: ChatMessage[] }): void;
  /** Replaces callbacks and request options (headers, body, callbacks) for later requests. */
  setOptions(options: Partial<ChatOptions>): void;
  /** Aborts any stream locally (the server keeps it, so a later `resume()` can pick it up). */
  dispose(): void;
}
