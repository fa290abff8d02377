import type { Timers } from '../Timers';
import type { ChatController } from './ChatController';
import type { ChatPhase } from './types';

/** Settings of the session's `follow` option (`ChatStoreOptions.follow`). */
export interface FollowOptions {
  /**
   * The page hidden this long (ms) closes the follow connection; it opens again when the
   * page is shown. A generation streaming at that moment is read to its end first.
   * @defaultValue `60_000`
   */
  hiddenPauseMs?: number;
  /** Longest wait between two attempts while they keep failing, in ms. @defaultValue `30_000` */
  maxBackoffMs?: number;
}

/** The page's visibility, injectable for tests. */
export interface VisibilitySource {
  hidden(): boolean;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** What {@link followConversation} needs beside the controller. */
export interface FollowDeps extends FollowOptions {
  timers: Timers;
  /** Whether this tab may connect now (`false` in a multi-tab follower: its leader follows). */
  mayConnect: () => boolean;
  visibility?: VisibilitySource | null;
  random?: () => number;
  /**
   * The session's rule of which phases are under way (`isActivePhase`), handed in by
   * `withLazyFollow` so this lazily loaded module shares no module with the initial bundle.
   */
  isActive: (phase: ChatPhase) => boolean;
}

/** A running follow loop. */
export interface FollowLoop {
  /** Something changed (state, role, visibility): connect if this tab should and is not. */
  wake(): void;
  /** Stops following (the controller's `dispose` closes the connection). */
  stop(): void;
}

/** HTTP statuses after which following stops: not signed in, refused, not (or no longer) yours. */
const FINAL_STATUSES = new Set([401, 403, 404]);

/**
 * Keeps one follow connection open for the conversation (`{resume route}?follow=1`, which
 * the server keeps open across generations): a prompt sent from another device and its
 * answer show here live. Between generations the controller is idle and this opens the next
 * connection after the last seq applied (the first one loads the history). Backs off (with
 * jitter, up to `maxBackoffMs`) while attempts fail or end at once; stops for good after a
 * 401, 403 or 404 (the error the controller shows is the notice: not signed in, refused,
 * not yours or deleted). Closes the connection when the page stays hidden for
 * `hiddenPauseMs` and opens it again when the page is shown. Costs nothing in a tab that
 * may not connect (a multi-tab follower gets the leader's events).
 *
 * @example
 * ```ts
 * const loop = followConversation(controller, { timers: GLOBAL_TIMERS, mayConnect: () => true });
 * loop.wake(); // after the conversation id is known
 * ```
 */
// Over 80 lines: one closure holds the loop (attempt, schedule, pause) and the flags they share; each step is a named inner function.
export function followConversation(controller: ChatController, deps: FollowDeps): FollowLoop {
  const hiddenPauseMs = deps.hiddenPauseMs ?? 60_000;
  const maxBackoffMs = deps.maxBackoffMs ?? 30_000;
  const random = deps.random ?? Math.random;
  const { timers } = deps;
  let stopped = false;
  let finalError = false;
  let paused = false;
  let failures = 0;
  let pending: unknown;
  let pauseTimer: unknown;
  let following = false;

  const ready = (): boolean => {
    const s = controller.getState();
    if (stopped || finalError || paused || following || !s.conversationId || !deps.mayConnect()) return false;
    // The page's own resume (on mount) may have ended in one of them already: asking again
    // would only show the same error twice.
    if (s.error?.status !== undefined && FINAL_STATUSES.has(s.error.status)) return false;
    return !deps.isActive(s.phase) && (s.connection === 'idle' || s.connection === 'closed');
  };

  const attempt = async (): Promise<void> => {
    const before = controller.getState();
    const startedAt = Date.now();
    following = true;
    let resumed = false;
    try {
      // The first attempt loads the history; later ones go on after the last seq applied.
      resumed = await controller.resume(before.lastSeq > 0 ? { history: false, follow: true } : { follow: true });
    } finally {
      following = false;
    }
    const after = controller.getState();
    const status = after.error?.status;
    if (status !== undefined && FINAL_STATUSES.has(status)) {
      finalError = true;
      return;
    }
    // A connection that failed, or ended at once with nothing new, counts as a failure.
    const useful = resumed && after.error === null && (after.lastSeq > before.lastSeq || Date.now() - startedAt > 1_000);
    failures = useful ? 0 : failures + 1;
    schedule(failures === 0 ? 0 : Math.min(maxBackoffMs, 250 * 2 ** Math.min(failures, 10)) * (0.5 + random() / 2));
  };

  function schedule(delayMs: number): void {
    if (pending !== undefined || !ready()) return;
    pending = timers.setTimeout(() => {
      pending = undefined;
      if (ready()) void attempt();
    }, delayMs);
  }

  /** Hidden long enough: close an idle follow connection (never an answer being read). */
  const pause = (): void => {
    pauseTimer = undefined;
    if (stopped || !deps.visibility?.hidden()) return;
    paused = true;
    timers.clearTimeout(pending);
    pending = undefined;
    if (following && !deps.isActive(controller.getState().phase)) void controller.stop();
  };

  const onVisibility = (): void => {
    timers.clearTimeout(pauseTimer);
    pauseTimer = undefined;
    if (deps.visibility?.hidden()) {
      pauseTimer = timers.setTimeout(pause, hiddenPauseMs);
    } else if (paused) {
      paused = false;
      failures = 0;
      schedule(0);
    }
  };
  const stopWatching = deps.visibility?.onChange(onVisibility);
  if (deps.visibility?.hidden()) onVisibility();

  return {
    wake: () => {
      // A later phase (a generation streaming here) is read to its end first; pause then.
      if (paused && following && !deps.isActive(controller.getState().phase)) void controller.stop();
      schedule(50);
    },
    stop: () => {
      // The controller's dispose (which stops this) aborts the follow connection.
      if (stopped) return;
      stopped = true;
      stopWatching?.();
      timers.clearTimeout(pending);
      timers.clearTimeout(pauseTimer);
    },
  };
}

/** The document's visibility, or `null` where there is no document. */
export function documentVisibility(): VisibilitySource | null {
  if (typeof document === 'undefined' || typeof document.addEventListener !== 'function') return null;
  return {
    hidden: () => document.visibilityState === 'hidden',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}
