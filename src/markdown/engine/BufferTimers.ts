/**
 * The timer functions the render buffers use. Default: the global `setTimeout` and
 * `clearTimeout`, read when a timer is armed (never at import), so fake timers work.
 */
export interface BufferTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, looked up at call time. */
export const globalBufferTimers: BufferTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
