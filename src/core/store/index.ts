// Public exports of core/store: the chat store (a session controller shared across tabs, in a zustand store).
export { createChatStore, type ChatStore, type ChatStoreState } from './createChatStore';
export type { ChatStoreOptions } from './ChatStoreOptions';
