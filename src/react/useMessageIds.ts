'use client';
import type { ChatStoreState } from '../core/store/createChatStore';
import { shallowEqual } from './shallowEqual';
import { useChatStoreApi } from './useChatStoreApi';
import { useSelectorWithEquality } from './useSelectorWithEquality';

const selectIds = (s: ChatStoreState): string[] => s.messages.map((m) => m.id);

/**
 * The ids of the nearest `ChatProvider`'s messages, oldest first. Re-renders only when a
 * message is added, removed or renamed (shallow equality), not on every token.
 *
 * @example
 * ```tsx
 * const ids = useMessageIds();
 * return <ol>{ids.map((id) => <Row key={id} id={id} />)}</ol>;
 * ```
 */
export function useMessageIds(): string[] {
  return useSelectorWithEquality(useChatStoreApi('useMessageIds'), selectIds, shallowEqual);
}
