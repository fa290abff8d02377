import { act } from '@testing-library/react';
import type { Timers } from '../../../src/core/Timers';

/** Hand-driven `timers` for StreamingMarkdown's word and citation buffers: they fire only when the test says so. */
export function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback) => {
      next += 1;
      pending.set(next, callback);
      return next;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    /** Fires every timer armed so far. */
    run(): void {
      const batch = [...pending.values()];
      pending.clear();
      act(() => {
        for (const callback of batch) callback();
      });
    },
  };
}
