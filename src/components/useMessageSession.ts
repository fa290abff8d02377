'use client';
import { useContext, useSyncExternalStore } from 'react';
import { siblingsOf, type BranchInfo } from '../core/session/branchOf';
import type { ChatStoreState } from '../core/store/createChatStore';
import { ChatStoreContext } from '../react/ChatStoreContext';

const noStore = (): (() => void) => () => {};

/** What {@link useMessageSession} gives a message: the session's actions, and its versions when it has others. */
export interface MessageSession {
  edit?: ChatStoreState['edit'];
  regenerate?: ChatStoreState['regenerate'];
  switchBranch?: ChatStoreState['switchBranch'];
  /** Records a rating of an answer (on the server, shown in every tab). */
  feedback?: ChatStoreState['feedback'];
  /** Where the message stands among its siblings, when there are at least two. */
  branch?: BranchInfo;
}

/**
 * The nearest `ChatProvider`'s `edit`, `regenerate`, `switchBranch` and `feedback`, and where the
 * message `id` stands among its siblings (only when it has some); nothing outside a
 * provider, so `Message` works on its own too. Re-renders only when the message's place
 * changes. Internal to `Message`.
 *
 * @example const { edit, branch } = useMessageSession(message.id);
 */
export function useMessageSession(id: string): MessageSession {
  const store = useContext(ChatStoreContext);
  const place = useSyncExternalStore(
    store ? store.subscribe : noStore,
    () => {
      const at = store && siblingsOf(store.getState().messages, id);
      return at && at.count > 1 ? `${at.index} ${at.count}` : '';
    },
    () => '',
  );
  if (!store) return {};
  const { edit, regenerate, switchBranch, feedback } = store.getState();
  const [index, count] = place.split(' ').map(Number);
  return place ? { edit, regenerate, switchBranch, feedback, branch: { index: index as number, count: count as number } } : { edit, regenerate, switchBranch, feedback };
}
