'use client';
import { useEffect, useState } from 'react';

/** How often a running timer re-renders, in ms. */
export const ELAPSED_TICK_MS = 100;

/**
 * Milliseconds from `start` to `end` (or to now while `end` is absent). While `running`,
 * re-renders every {@link ELAPSED_TICK_MS} so the number ticks; `undefined` without a start.
 *
 * @param now - clock, `Date.now` by default (fake timers drive it in tests).
 * @example const ms = useElapsed(part.executingAt, part.endedAt, part.state === 'executing');
 */
export function useElapsed(
  start: number | undefined,
  end: number | undefined,
  running: boolean,
  now: () => number = Date.now,
): number | undefined {
  const [, setTick] = useState(0);
  const ticking = running && start !== undefined && end === undefined;
  useEffect(() => {
    if (!ticking) return undefined;
    const id = setInterval(() => setTick((n) => n + 1), ELAPSED_TICK_MS);
    return () => clearInterval(id);
  }, [ticking]);
  if (start === undefined) return undefined;
  if (end !== undefined) return end - start;
  return running ? now() - start : undefined;
}
