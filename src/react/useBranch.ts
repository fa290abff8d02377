'use client';
import { useCallback } from 'react';
import type { ChatStoreState } from '../core/store/createChatStore';
import { siblingsOf, type BranchInfo } from '../core/session/branchOf';
import { shallowEqual } from './shallowEqual';
import { useChatStoreApi } from './useChatStoreApi';
import { useSelectorWithEquality } from './useSelectorWithEquality';

/**
 * Where the message `messageId` stands among its siblings (the other versions of an edited
 * prompt, or of a regenerated answer) in the nearest `ChatProvider`'s conversation:
 * `{ index, count }`, `index` 0-based in the order they were created, `count` at least 1;
 * `undefined` for an id the conversation does not have. Re-renders only when those change.
 * Show a branch picker where `count > 1` and switch with `useChat().switchBranch(messageId,
 * index)` (docs/branches.md).
 *
 * @example
 * ```tsx
 * function Versions({ id }: { id: string }) {
 *   const branch = useBranch(id);
 *   const { switchBranch } = useChat();
 *   if (!branch || branch.count < 2) return null;
 *   return (
 *     <span>
 *       <button onClick={() => switchBranch(id, branch.index - 1)} disabled={branch.index === 0}>Previous</button>
 *       {branch.index + 1} / {branch.count}
 *       <button onClick={() => switchBranch(id, branch.index + 1)} disabled={branch.index === branch.count - 1}>Next</button>
 *     </span>
 *   );
 * }
 * ```
 */
export function useBranch(messageId: string): BranchInfo | undefined {
  const select = useCallback((s: ChatStoreState): BranchInfo | undefined => {
    const place = siblingsOf(s.messages, messageId);
    return place && { index: place.index, count: place.count };
  }, [messageId]);
  return useSelectorWithEquality(useChatStoreApi('useBranch'), select, shallowEqual);
}
