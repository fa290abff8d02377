// Public exports of core/conversations: a user's conversation list as the server sends it, and its one fold.
export type { ConversationSummary, ConversationListEvent } from './ConversationSummary';
export { applyConversationEvent } from './applyConversationEvent';
export { titleFromPrompt } from './titleFromPrompt';
export { createConversationsStore } from './createConversationsStore';
export type { ConversationsOptions, ConversationsState, ConversationsStoreState, ConversationsStore } from './createConversationsStore';
