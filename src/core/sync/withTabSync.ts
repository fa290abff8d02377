import type { ChatController } from '../session/ChatController';
import { createTabSync, type TabSync } from './createTabSync';
import type { ResolvedMultiTab } from './resolveMultiTab';

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
  let attached = false;
  let sync: TabSync | null = null;
  let boundTo: string | null = null;

  const bind = (): void => {
    if (!attached) return;
    const id = controller.getState().conversationId;
    if (id === boundTo) return;
    sync?.dispose();
    sync = null;
    boundTo = id;
    if (!id) return;
    const name = `chatwire:${options.endpoint}:${id}`;
    try {
      sync = createTabSync(controller, { ...options, name });
    } catch (e) {
      // E.g. a BroadcastChannel refused in this context: this tab keeps its own connection.
      console.error(`chatwire: multi-tab sync of "${name}" could not start, so this tab keeps its own connection:`, e);
    }
  };
  controller.observe(bind);

  const attach = (): void => {
    if (attached) return;
    attached = true;
    bind();
  };

  return {
    ...controller,
    send(text, sendOptions) {
      attach();
      return sync ? sync.send(text, sendOptions) : controller.send(text, sendOptions);
    },
    stop() {
      attach();
      return sync ? sync.stop() : controller.stop();
    },
    retry() {
      attach();
      return sync ? sync.retry() : controller.retry();
    },
    resume(resumeOptions) {
      attach();
      return sync ? sync.resume(resumeOptions) : controller.resume(resumeOptions);
    },
    attach,
    dispose() {
      attached = false;
      sync?.dispose();
      sync = null;
      boundTo = null;
      controller.dispose();
    },
  };
}
