import type { ChatController } from '../session/ChatController';
import type { TabSync } from './createTabSync';
import { openTabSync } from './openTabSync';
import type { WithTabSyncOptions } from './withTabSync';

/**
 * The body of {@link withTabSync} (see there for what it does), in the lazy multi-tab
 * chunk (tabSyncChunk). Internal.
 */
export function bindTabSync(controller: ChatController, options: WithTabSyncOptions): ChatController {
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
      sync = openTabSync(controller, { ...options, name });
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
    edit(messageId, text) {
      attach();
      return sync ? sync.edit(messageId, text) : controller.edit(messageId, text);
    },
    regenerate(messageId) {
      attach();
      return sync ? sync.regenerate(messageId) : controller.regenerate(messageId);
    },
    switchBranch(messageId, index) {
      attach();
      if (sync) sync.switchBranch(messageId, index);
      else controller.switchBranch(messageId, index);
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
