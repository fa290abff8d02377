'use client';
import { useState, type ReactNode } from 'react';
import type { ChatStoreOptions } from '../core/store/ChatStoreOptions';
import { createChatStore, type ChatStore } from '../core/store/createChatStore';
import { ChatStoreContext } from './ChatStoreContext';
import { useChatSession } from './useChatSession';

/** Props of {@link ChatProvider}: the session options, plus children. */
export interface ChatProviderProps extends ChatStoreOptions {
  children?: ReactNode;
  /**
   * On mount, resume a stream that was in flight when the page was left (remembered in
   * `storage`), or load the history of the given `conversationId` (and pick up a
   * generation running on another device). Default `true`.
   */
  resumeOnMount?: boolean;
  /** Use this store instead of creating one (shared with code outside React); it is not disposed on unmount. */
  store?: ChatStore;
}

/**
 * Holds one chat session (a store) for the tree below; `useChat()`, `useChatStore()`,
 * `useMessage()` and the components read it. The store is created once; later changes of
 * callbacks, `headers`, `body`, `fetch`, `credentials` and `clientTools` are applied, other
 * options are read once. Once the conversation has an id (`conversationId`, or named by the server
 * during the first answer), the tabs showing it share one connection (`multiTab`, on by
 * default in browsers with `BroadcastChannel` and Web Locks): see docs/sync.md.
 *
 * @example
 * ```tsx
 * <ChatProvider endpoint="/api/chat" onError={(e) => log(e.message)}>
 *   <MessageList />
 *   <Composer />
 * </ChatProvider>
 * ```
 */
export function ChatProvider({ children, resumeOnMount = true, store: given, ...options }: ChatProviderProps): ReactNode {
  const [store] = useState(() => given ?? createChatStore(options));
  useChatSession(store, options, resumeOnMount, given === undefined);
  return <ChatStoreContext.Provider value={store}>{children}</ChatStoreContext.Provider>;
}
