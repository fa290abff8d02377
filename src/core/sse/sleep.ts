import type { Timers } from '../Timers';

/** Internal: waits `ms` on `timers`; resolves early (without error) when `signal` aborts. */
export function sleep(ms: number, timers: Timers, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      timers.clearTimeout(handle);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const handle = timers.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
