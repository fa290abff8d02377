'use client';
import { useEffect, useRef } from 'react';
import type { ChatStoreOptions } from '../core/store/ChatStoreOptions';
import type { ChatStore } from '../core/store/createChatStore';
import { GLOBAL_TIMERS, type Timers } from '../core/Timers';

/** Options that may change after the store was created (the others are read once). */
const LIVE_OPTIONS = ['onEvent', 'onFinish', 'onError', 'onMetrics', 'headers', 'body', 'fetch', 'credentials', 'clientTools'] as const;

/**
 * A stream left in flight (after a reload), or a conversation given by id with nothing
 * loaded yet: load its history and pick up a generation that may be running.
 */
function shouldResume(store: ChatStore): boolean {
  const { controller, conversationId, messages } = store.getState();
  return controller.hasPersistedStream() || (conversationId !== null && messages.length === 0);
}

/**
 * Ties a store's life to a component. On mount (`resumeOnMount`): resumes a persisted
 * in-flight stream, or loads the history of a conversation given by id. Keeps callbacks
 * and request options current. On unmount: aborts the local read of a store it owns (the
 * server keeps generating, so a later mount can resume), deferred one task so React
 * StrictMode's unmount/remount does not drop the stream (on `timers`, the global ones
 * unless a test injects its own). Internal.
 */
export function useChatSession(
  store: ChatStore | null,
  options: ChatStoreOptions | undefined,
  resumeOnMount: boolean,
  owned = true,
  timers: Timers = GLOBAL_TIMERS,
): void {
  const disposeTimer = useRef<unknown>(null);

  useEffect(() => {
    if (!store || !options) return;
    const live: Partial<ChatStoreOptions> = {};
    for (const key of LIVE_OPTIONS) if (key in options) Object.assign(live, { [key]: options[key] });
    store.getState().controller.setOptions(live);
  });

  useEffect(() => {
    if (!store) return;
    if (disposeTimer.current !== null) timers.clearTimeout(disposeTimer.current);
    disposeTimer.current = null;
    const controller = store.getState().controller;
    controller.attach();
    if (resumeOnMount && shouldResume(store)) void controller.resume();
    if (!owned) return;
    return () => {
      disposeTimer.current = timers.setTimeout(() => {
        disposeTimer.current = null;
        controller.dispose();
      }, 0);
    };
  }, [store, resumeOnMount, owned, timers]);
}
