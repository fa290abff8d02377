import type { ChatController } from '../session/ChatController';
import type { ResolvedMultiTab } from './resolveMultiTab';
// The lazy multi-tab chunk, imported statically (see createTabSync).
import { tabSyncChunk } from './tabSyncChunk';

/** Settings of {@link withTabSync}. */
export interface WithTabSyncOptions extends ResolvedMultiTab {
  /** The chat endpoint: channel names are `chatwire:<endpoint>:<conversationId>`. */
  endpoint: string;
}

/**
 * Wraps a controller so its conversation is shared with the other tabs of the origin
 * (see {@link createTabSync}). Sync starts on `attach()` (called by `ChatProvider` and
 * `useChat` on mount, and by the first `send`, `stop`, `retry` or `resume`), once the
 * conversation id is known: given in the options, or named by the server during the
 * first answer. Another conversation id (a `reset`) moves to that conversation's channel;
 * `dispose()` leaves it, so another tab takes over.
 *
 * @example
 * ```ts
 * const multiTab = resolveMultiTab(true); // this browser's channel, locks and timers, or null
 * const own = createChatController(options, publish);
 * const controller = multiTab ? withTabSync(own, { ...multiTab, endpoint: '/api/chat' }) : own;
 * controller.attach();
 * ```
 */
export function withTabSync(controller: ChatController, options: WithTabSyncOptions): ChatController {
  return tabSyncChunk.bindTabSync(controller, options);
}
