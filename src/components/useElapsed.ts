'use client';
import { useEffect, useState } from 'react';
import { GLOBAL_TIMERS, type Timers } from '../core/Timers';

/** How often a running timer re-renders, in ms. */
export const ELAPSED_TICK_MS = 100;

/**
 * Milliseconds from `start` to `end` (or to now while `end` is absent). While `running`,
 * re-renders every {@link ELAPSED_TICK_MS} so the number ticks; `undefined` without a start.
 *
 * @param now - clock, `Date.now` by default (fake timers drive it in tests).
 * @param timers - the timers that schedule each tick; the global ones by default.
 * @example const ms = useElapsed(part.executingAt, part.endedAt, part.state === 'executing');
 */
export function useElapsed(
  start: number | undefined,
  end: number | undefined,
  running: boolean,
  now: () => number = Date.now,
  timers: Timers = GLOBAL_TIMERS,
): number | undefined {
  const [, setTick] = useState(0);
  const ticking = running && start !== undefined && end === undefined;
  useEffect(() => {
    if (!ticking) return undefined;
    let handle: unknown;
    const tick = (): void => {
      handle = timers.setTimeout(() => {
        setTick((n) => n + 1);
        tick();
      }, ELAPSED_TICK_MS);
    };
    tick();
    return () => timers.clearTimeout(handle);
  }, [ticking, timers]);
  if (start === undefined) return undefined;
  if (end !== undefined) return end - start;
  return running ? now() - start : undefined;
}
