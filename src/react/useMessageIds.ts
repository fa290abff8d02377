'use client';
import type { ChatStoreState } from '../core/store/createChatStore';
import { activePath } from '../core/session/activePath';
import { shallowEqual } from './shallowEqual';
import { useChatStoreApi } from './useChatStoreApi';
import { useSelectorWithEquality } from './useSelectorWithEquality';

const selectIds = (s: ChatStoreState): string[] => activePath(s.messages, s.selection).map((m) => m.id);

/**
 * The ids of the nearest `ChatProvider`'s conversation as shown, oldest first: the active
 * path through its message tree (edits and regenerations are branches, docs/branches.md).
 * Re-renders only when a message is added, removed or renamed, or another branch is shown
 * (shallow equality), not on every token.
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
