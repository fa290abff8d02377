'use client';
import { useContext } from 'react';
import type { ChatStore } from '../core/store/createChatStore';
import { ChatStoreContext } from './ChatStoreContext';

/**
 * The store of the nearest `ChatProvider`. Throws a clear error outside one.
 *
 * @example
 * ```tsx
 * const store = useChatStoreApi();
 * const onClick = () => store.getState().send('Hello');
 * ```
 */
export function useChatStoreApi(hook = 'useChatStoreApi'): ChatStore {
  const store = useContext(ChatStoreContext);
  if (!store) {
    throw new Error(
      `${hook}() was called outside a <ChatProvider>: no chat store was found in the React tree. ` +
        `Wrap the component in <ChatProvider endpoint="/api/chat">...</ChatProvider>, or use useChat(options), which works on its own.`,
    );
  }
  return store;
}
