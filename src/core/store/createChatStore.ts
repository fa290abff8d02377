import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChatController, SendOptions } from '../session/ChatController';
import type { ToolDecisionOutcome } from '../session/decideToolCall';
import { emptyChatMetrics, type ChatMetrics } from '../session/ChatMetrics';
import type { ChatState } from '../session/ChatState';
import { createChatController } from '../session/createChatController';
import { DEFAULT_ENDPOINT } from '../session/resolveChatRoutes';
import type { ChatMessage, MessageFeedback } from '../session/types';
import { resolveMultiTab } from '../sync/resolveMultiTab';
import { withLazyTabSync } from '../sync/withLazyTabSync';
import type { TabRole } from '../sync/MultiTabOptions';
import { withLazyFollow } from '../session/withLazyFollow';
import { GLOBAL_TIMERS } from '../Timers';
import type { ChatStoreOptions } from './ChatStoreOptions';

/** What a chat store holds: the state machine's state, the metrics and the controller's actions. */
export interface ChatStoreState extends ChatState {
  /** Figures of the latest response and of every response by message id. */
  metrics: ChatMetrics;
  /** Sends a prompt; see {@link ChatController.send}. */
  send: (text: string, options?: SendOptions) => Promise<void>;
  /** Stops the response here and on the server; see {@link ChatController.stop}. */
  stop: () => Promise<void>;
  /** Re-sends the last prompt; see {@link ChatController.retry}. */
  retry: () => Promise<void>;
  /**
   * Edits a prompt: a sibling prompt with `text` and a new answer, shown in its place; see
   * {@link ChatController.edit} and docs/branches.md.
   * @example await edit('u1', 'Shorter, please')
   */
  edit: (messageId: string, text: string) => Promise<void>;
  /** Writes an answer again, as its sibling; see {@link ChatController.regenerate}. */
  regenerate: (messageId: string) => Promise<void>;
  /**
   * Shows the sibling at `index` (0-based) of a message, with its whole branch; see
   * {@link ChatController.switchBranch}.
   * @example switchBranch('a1', 0) // the first answer to that prompt again
   */
  switchBranch: (messageId: string, index: number) => void;
  /**
   * Rates an answer (`'up'`, `'down'`, `null` to take it back), recorded on the server and
   * shown in every tab; see {@link ChatController.feedback}.
   * @example await feedback('a1', 'up')
   */
  feedback: (messageId: string, value: MessageFeedback | null) => Promise<void>;
  /** Resumes the in-flight stream; see {@link ChatController.resume}. */
  resume: () => Promise<boolean>;
  /**
   * Approves a tool call that awaits approval; see {@link ChatController.decide}.
   * @example await approve('call_1') // { recorded: true, decision: { approved: true, ... } }
   */
  approve: (toolCallId: string) => Promise<ToolDecisionOutcome>;
  /** Denies a tool call that awaits approval, with an optional reason the model reads; see {@link ChatController.decide}. */
  deny: (toolCallId: string, reason?: string) => Promise<ToolDecisionOutcome>;
  /**
   * Runs again in this page (`'rerun'`) or reports as interrupted (`'report'`) a page tool's
   * call that a reload interrupted (its tool's `onReload: 'ask'`), on this device or
   * another; the first answer wins. See {@link ChatController.continueToolCall}.
   * @example await continueToolCall('call_1', 'report')
   */
  continueToolCall: (toolCallId: string, choice: 'rerun' | 'report') => Promise<void>;
  /** Starts over; see {@link ChatController.reset}. */
  reset: (init?: { conversationId?: string | null; messages?: ChatMessage[] }) => void;
  /** The controller behind the actions (options, persistence, dispose). */
  controller: ChatController;
}

/** A zustand vanilla store of one chat session. */
export type ChatStore = StoreApi<ChatStoreState>;

/**
 * Creates the store of one chat session on `zustand/vanilla`. While streaming, the store
 * notifies at most once per animation frame (terminal events, submit and stop at once),
 * so many tokens are one render. With `multiTab` (on by default where the browser has
 * `BroadcastChannel` and Web Locks) the tabs of one conversation share one connection
 * once the controller is attached (`ChatProvider`/`useChat` do it on mount) and the
 * conversation has an id (given, or named by the server during the first answer).
 *
 * @example
 * ```ts
 * const store = createChatStore({ endpoint: '/api/chat' });
 * store.subscribe((s) => console.log(s.phase, s.messages.at(-1)));
 * await store.getState().send('Hello');
 * ```
 */
export function createChatStore(options: ChatStoreOptions = {}): ChatStore {
  let store: ChatStore | undefined;
  const own = createChatController(options, (state, metrics) => store?.setState({ ...state, metrics }));
  const multiTab = resolveMultiTab(options.multiTab, options.transport?.timers);
  // The follow loop runs in the tab that owns the connection (a follower gets its leader's events).
  let role: TabRole = 'pending';
  let wakeFollow: (() => void) | undefined;
  const onRoleChange = (next: TabRole): void => {
    role = next;
    multiTab?.onRoleChange?.(next);
    wakeFollow?.();
  };
  const shared = multiTab ? withLazyTabSync(own, { ...multiTab, onRoleChange, endpoint: options.endpoint ?? DEFAULT_ENDPOINT }) : own;
  const follow = options.follow ?? options.conversationId !== undefined;
  const followed = follow === false ? null : withLazyFollow(shared, {
    ...(typeof follow === 'object' ? follow : {}),
    timers: options.transport?.timers ?? GLOBAL_TIMERS,
    mayConnect: () => role !== 'follower',
  });
  wakeFollow = followed?.wake;
  const controller = followed?.controller ?? shared;
  store = createStore<ChatStoreState>()(() => ({
    ...controller.getState(),
    metrics: emptyChatMetrics,
    send: (text, sendOptions) => controller.send(text, sendOptions),
    stop: () => controller.stop(),
    retry: () => controller.retry(),
    // The controller's own functions (they use no `this`), taking exactly the documented arguments.
    edit: controller.edit,
    regenerate: controller.regenerate,
    switchBranch: controller.switchBranch,
    feedback: controller.feedback,
    resume: () => controller.resume(),
    reset: (init) => controller.reset(init),
    approve: (toolCallId) => controller.decide(toolCallId, { approved: true }),
    // No reason: `reason` is left out of the posted JSON.
    deny: (toolCallId, reason) => controller.decide(toolCallId, { approved: false, reason }),
    continueToolCall: controller.continueToolCall,
    controller,
  }));
  return store;
}
