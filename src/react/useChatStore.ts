'use client';
import { shallow } from 'zustand/shallow';
import type { ChatStoreState } from '../core/store/createChatStore';
import { useChatStoreApi } from './useChatStoreApi';
import { useSelectorWithEquality } from './useSelectorWithEquality';

/**
 * Reads a slice of the nearest `ChatProvider`'s store. The component re-renders only when
 * the slice changes, by `equalityFn` (default: shallow equality, so returning an object or
 * array of store values is fine). Throws outside a `ChatProvider`.
 *
 * @param equalityFn default `shallow` from zustand.
 * @example
 * ```tsx
 * const { phase, stop } = useChatStore((s) => ({ phase: s.phase, stop: s.stop }));
 * ```
 */
export function useChatStore<U>(
  selector: (state: ChatStoreState) => U,
  equalityFn: (a: U, b: U) => boolean = shallow,
): U {
  return useSelectorWithEquality(useChatStoreApi('useChatStore'), selector, equalityFn);
}
