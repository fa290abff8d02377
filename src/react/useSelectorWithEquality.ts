'use client';
import { useCallback, useRef } from 'react';
import { useStore } from 'zustand';
import type { ChatStore, ChatStoreState } from '../core/store/createChatStore';

/**
 * `useStore(store, selector)` that keeps the previous result while `equalityFn` says it
 * did not change (as zustand's `useShallow` does), so a component re-renders only when its
 * slice changed. Internal.
 */
export function useSelectorWithEquality<U>(
  store: ChatStore,
  selector: (state: ChatStoreState) => U,
  equalityFn: (a: U, b: U) => boolean,
): U {
  const previous = useRef<{ value: U } | null>(null);
  const memoized = useCallback(
    (state: ChatStoreState): U => {
      const next = selector(state);
      const prev = previous.current;
      if (prev && equalityFn(prev.value, next)) return prev.value;
      previous.current = { value: next };
      return next;
    },
    [selector, equalityFn],
  );
  return useStore(store, memoized);
}
