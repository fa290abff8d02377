'use client';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import {
  createConversationsStore,
  type ConversationsOptions,
  type ConversationsStoreState,
} from '../core/conversations/createConversationsStore';

/** What {@link useConversations} returns: the list (`conversations`, `selectedId`, `unread`, `status`...) and its actions. */
export type UseConversationsResult = ConversationsStoreState;

/**
 * The signed-in user's conversations: the list (most recently updated first, with titles,
 * running flags and unread marks), `select`, `create`, `rename`, `remove`, `loadMore`, and
 * live updates (a conversation started, renamed, deleted or finishing in another tab or
 * device shows up without a reload; one connection per browser, shared by its tabs).
 * Options are read once. Render it with `ThreadList`, or your own list.
 *
 * @example
 * ```tsx
 * function Sidebar() {
 *   const list = useConversations({ endpoint: '/api/chat' });
 *   return <ThreadList list={list} />;
 * }
 * ```
 */
export function useConversations(options?: ConversationsOptions): UseConversationsResult {
  const [store] = useState(() => createConversationsStore(options));
  useEffect(() => {
    store.getState().attach();
    return () => store.getState().dispose();
  }, [store]);
  return useStore(store);
}
