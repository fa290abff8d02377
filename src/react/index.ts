'use client';
// Public exports of the React bindings.
export {};
export { ChatProvider, type ChatProviderProps } from './ChatProvider';
export { useChat, type UseChatOptions, type UseChatResult } from './useChat';
export { useChatStore } from './useChatStore';
export { useChatStoreApi } from './useChatStoreApi';
export { useChatMetrics } from './useChatMetrics';
export { useMessage } from './useMessage';
export { useIsStreaming } from './useIsStreaming';
export { useMessageIds } from './useMessageIds';
export { useBranch } from './useBranch';
export { useConversations, type UseConversationsResult } from './useConversations';
