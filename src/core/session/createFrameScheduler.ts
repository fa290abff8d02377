import { GLOBAL_TIMERS, type Timers } from '../Timers';

/**
 * Coalesces work to at most one run per animation frame.
 *
 * One scheduler is one slot: calling {@link FrameScheduler.schedule} several times before
 * the frame runs the latest task once. Used by the session controller so that many tokens
 * arriving within one frame become one store notification and one render.
 */
export interface FrameScheduler {
  /** Runs `task` on the next frame. Scheduling again before then replaces the task; it still runs once. */
  schedule(task: () => void): void;
  /** Runs the pending task now, if any (used for terminal events, which must show at once). */
  flush(): void;
  /** Drops the pending task without running it. */
  cancel(): void;
}

/** Options of {@link createFrameScheduler}. */
export interface FrameSchedulerOptions {
  /**
   * Requests a frame. Default: `globalThis.requestAnimationFrame` when present and the
   * document is not hidden (read at schedule time, never at import), else
   * `setTimeout(callback, fallbackMs)`, so a background tab still publishes.
   */
  requestFrame?: (callback: () => void) => unknown;
  /** Cancels a request made by `requestFrame`. Default: the matching cancel function. */
  cancelFrame?: (handle: unknown) => void;
  /** Delay of the `setTimeout` fallback, in ms. Default `16`. */
  fallbackMs?: number;
  /** The timers of the fallback (fake timers in tests). Default the global ones. */
  timers?: Timers;
}

/**
 * Creates a {@link FrameScheduler}.
 *
 * @example
 * ```ts
 * const frame = createFrameScheduler();
 * for (const token of tokens) {
 *   text += token;
 *   frame.schedule(() => render(text)); // one render per frame, however many tokens
 * }
 * ```
 */
export function createFrameScheduler(options: FrameSchedulerOptions = {}): FrameScheduler {
  const fallbackMs = options.fallbackMs ?? 16;
  let task: (() => void) | null = null;
  let handle: unknown = null;
  let cancelHandle: ((h: unknown) => void) | null = null;

  const request = (callback: () => void): void => {
    if (options.requestFrame) {
      handle = options.requestFrame(callback);
      cancelHandle = options.cancelFrame ?? null;
      return;
    }
    const raf = globalThis.requestAnimationFrame;
    // Hidden tabs get no animation frames at all: a timer still publishes (throttled by the browser).
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    if (typeof raf === 'function' && !hidden) {
      handle = raf(() => callback());
      cancelHandle = (h) => globalThis.cancelAnimationFrame(h as number);
      return;
    }
    const timers = options.timers ?? GLOBAL_TIMERS;
    handle = timers.setTimeout(callback, fallbackMs);
    cancelHandle = (h) => timers.clearTimeout(h);
  };

  const run = (): void => {
    handle = null;
    const current = task;
    task = null;
    current?.();
  };

  const cancelPending = (): void => {
    if (handle !== null) cancelHandle?.(handle);
    handle = null;
  };

  return {
    schedule(next) {
      task = next;
      if (handle === null) request(run);
    },
    flush() {
      cancelPending();
      run();
    },
    cancel() {
      cancelPending();
      task = null;
    },
  };
}
