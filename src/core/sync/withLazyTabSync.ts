import type { ChatController } from '../session/ChatController';
import type { WithTabSyncOptions } from './withTabSync';

/**
 * {@link withTabSync}, loaded on demand: the multi-tab module (leader election, mirror,
 * forwarding) is imported when the controller is attached and has a conversation id (given,
 * or named by the server), which is when `withTabSync` would start sharing. Until then the
 * controller works on its own, as `withTabSync` does without a conversation; actions called
 * while the module loads wait for it (as they wait for the election), so no tab opens its
 * own stream of a shared conversation. A module that fails to load leaves the tab on its
 * own connection, like a sync that fails to start. Internal to `createChatStore`.
 */
export function withLazyTabSync(controller: ChatController, options: WithTabSyncOptions): ChatController {
  let attached = false;
  let synced: ChatController | null = null;
  let loading: Promise<ChatController> | null = null;

  const load = (): Promise<ChatController> =>
    (loading ??= import('./tabSyncChunk').then(
      ({ tabSyncChunk }) => {
        const wrapped = tabSyncChunk.bindTabSync(controller, options);
        if (attached) wrapped.attach();
        return (synced = wrapped);
      },
      (e: unknown) => {
        console.error('chatwire: the multi-tab sync module could not be loaded, so this tab keeps its own connection:', e);
        return (synced = controller);
      },
    ));
  const loadIfShared = (): void => {
    if (attached && !loading && controller.getState().conversationId !== null) void load();
  };
  controller.observe(loadIfShared);

  const attach = (): void => {
    if (attached) return;
    attached = true;
    if (synced) synced.attach();
    else loadIfShared();
  };
  /** Runs an action on the synced controller once loaded; on this one while nothing is shared. */
  const via = <T>(action: (target: ChatController) => Promise<T>): Promise<T> => {
    attach();
    if (synced) return action(synced);
    return loading ? loading.then(action) : action(controller);
  };

  const wrapped: ChatController = {
    ...controller,
    attach,
    dispose() {
      attached = false;
      (synced ?? controller).dispose();
    },
  };
  // The actions run where sync says (the leader's connection), with the arguments they were given.
  for (const name of ACTIONS) {
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => via(async (c) => (c[name] as (...a: unknown[]) => unknown)(...args));
  }
  return wrapped;
}

/** The controller's actions that go through sync. */
const ACTIONS = ['send', 'stop', 'retry', 'resume', 'edit', 'regenerate', 'switchBranch'] as const;
