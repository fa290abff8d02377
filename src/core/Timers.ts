/**
 * The timer functions chatwire uses (reconnect backoff, idle timeout, cancel retries, the
 * word and citation buffers), injectable so tests drive time with fake or manual timers.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The global `setTimeout` / `clearTimeout`, looked up per call (never at import), so fake
 * timers installed later apply. The default wherever {@link Timers} are taken. Internal.
 */
export const GLOBAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
