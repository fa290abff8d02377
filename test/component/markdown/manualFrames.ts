import { act } from '@testing-library/react';

/** A hand-driven `requestFrame` for StreamingMarkdown: frames run only when the test says so. */
export function manualFrames() {
  const queue: Array<() => void> = [];
  return {
    requestFrame: (callback: () => void): number => queue.push(callback),
    /** Callbacks waiting for the next frame. */
    get pending(): number {
      return queue.length;
    },
    /** Runs one frame: every callback requested so far. */
    run(): void {
      const batch = queue.splice(0);
      act(() => {
        for (const callback of batch) callback();
      });
    },
  };
}
