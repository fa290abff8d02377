'use client';
import { useEffect, useReducer } from 'react';
import type { LongHistory } from './LongHistory';

/** `undefined` until loaded, `null` if the chunk failed to load. */
let loaded: typeof LongHistory | null | undefined;
let loading: Promise<void> | undefined;

/**
 * The long-conversation renderer (`LongHistory`, its own chunk), loaded once per page when
 * `wanted` first holds: `undefined` while it loads, `null` if it failed to (one
 * `console.warn`; the list then renders every message in full). Internal to `MessageList`.
 *
 * @example const LongHistory = useLongHistory(messages.length > deferAfter / 2);
 */
export function useLongHistory(wanted: boolean): typeof LongHistory | null | undefined {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    if (!wanted || loaded !== undefined) return;
    loading ??= import('./LongHistory').then(
      (m) => void (loaded = m.LongHistory),
      (error: unknown) => {
        loaded = null;
        console.warn('chatwire: the long-conversation chunk did not load; every message renders in full.', error);
      },
    );
    void loading.then(rerender);
  }, [wanted]);
  return loaded;
}
