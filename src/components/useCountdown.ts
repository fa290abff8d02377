'use client';
import { useEffect, useState } from 'react';
import { GLOBAL_TIMERS, type Timers } from '../core/Timers';

/**
 * Milliseconds left until `deadline` (epoch ms), re-rendering on each whole second while
 * time is left, then once more when it runs out; `undefined` without a deadline. Negative
 * once the deadline passed.
 *
 * @param now - clock, `Date.now` by default (tests drive it).
 * @param timers - the timers that schedule each tick; the global ones by default.
 * @example const left = useCountdown(part.approval?.expiresAt); // 59_400, then 58_400, ...
 */
export function useCountdown(deadline: number | undefined, now: () => number = Date.now, timers: Timers = GLOBAL_TIMERS): number | undefined {
  const [tick, setTick] = useState(0);
  const left = deadline === undefined ? undefined : deadline - now();
  useEffect(() => {
    if (left === undefined || left <= 0) return undefined;
    // Wake at the next whole second of the countdown (and exactly at the deadline).
    const handle = timers.setTimeout(() => setTick((n) => n + 1), ((left - 1) % 1000) + 1);
    return () => timers.clearTimeout(handle);
  }, [deadline, tick, left, timers]);
  return left;
}
