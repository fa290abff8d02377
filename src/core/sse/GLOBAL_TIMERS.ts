import type { SSETimers } from './ConnectSSEOptions';

/** The global `setTimeout` / `clearTimeout`, looked up per call (so fake timers apply). Internal. */
export const GLOBAL_TIMERS: SSETimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
