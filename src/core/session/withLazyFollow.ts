import type { Timers } from '../Timers';
import type { ChatController } from './ChatController';
import type { FollowLoop, FollowOptions } from './followConversation';
import { isActivePhase } from './phases';

/** What {@link withLazyFollow} needs. */
export interface LazyFollowSettings extends FollowOptions {
  timers: Timers;
  /** Whether this tab may connect now (not a multi-tab follower). */
  mayConnect: () => boolean;
}

/**
 * Adds the `follow` option to a controller: once it is attached and has a conversation id,
 * the follow loop (`followConversation`, loaded on demand so apps that never follow do not
 * ship it) keeps one follow connection open in this tab. `wake()` tells it something outside
 * the state changed (the tab's multi-tab role). `dispose()` stops it. Internal to
 * `createChatStore`.
 */
export function withLazyFollow(controller: ChatController, settings: LazyFollowSettings): { controller: ChatController; wake: () => void } {
  let attached = false;
  let loop: FollowLoop | null = null;
  let loading = false;

  const start = (): void => {
    if (!attached || loop || loading || controller.getState().conversationId === null) return;
    loading = true;
    import('./followConversation').then(
      ({ followConversation, documentVisibility }) => {
        loading = false;
        if (!attached || loop) return;
        loop = followConversation(controller, { ...settings, visibility: documentVisibility(), isActive: isActivePhase });
        loop.wake();
      },
      (e: unknown) => {
        loading = false;
        console.error('chatwire: the follow module could not be loaded, so this tab does not follow its conversation live:', e);
      },
    );
  };
  const wake = (): void => (loop ? loop.wake() : start());
  controller.observe(wake);

  return {
    wake,
    controller: {
      ...controller,
      attach() {
        controller.attach();
        attached = true;
        start();
      },
      dispose() {
        attached = false;
        loop?.stop();
        loop = null;
        controller.dispose();
      },
    },
  };
}
