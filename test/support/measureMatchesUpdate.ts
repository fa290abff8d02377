import { expect, vi } from 'vitest';

/** A text buffer of the streaming tail (the word buffer, the citation buffer). */
export interface TailBuffer {
  update(text: string, streaming: boolean): number;
  measure(text: string, streaming: boolean): number;
  dispose(): void;
}

/**
 * `measure()` answers what `update()` will, and keeps nothing: no timer armed, no state
 * changed, even by measuring texts that are never committed (a render React discarded).
 * Runs `texts` through one buffer that measures before each update and one that only
 * updates; they must agree. Needs fake timers (`vi.useFakeTimers()`), and `texts` that arm
 * the buffer's timer at least once.
 */
export function expectMeasureMatchesUpdate(create: () => TailBuffer, texts: string[]): void {
  const measured = create();
  const plain = create();
  let armed = 0;
  for (const [index, text] of texts.entries()) {
    const timers = vi.getTimerCount();
    // Measuring texts that never get committed (a render React discarded) changes nothing.
    for (const other of texts.slice(index + 1)) measured.measure(other, true);
    const shown = measured.measure(text, true);
    expect(vi.getTimerCount(), text).toBe(timers);
    expect(measured.measure(text, false)).toBe(text.length);
    expect(measured.update(text, true), text).toBe(shown);
    expect(plain.update(text, true), text).toBe(shown);
    armed = Math.max(armed, vi.getTimerCount());
  }
  expect(armed).toBeGreaterThan(0);
  measured.dispose();
  plain.dispose();
}
