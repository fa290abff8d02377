import { createChatStore, type ChatStore } from '../src/core/index';

/**
 * The demo's chat session for the conversation in the URL (or a new one): it follows the
 * conversation live (the session's `follow` option, also for a conversation the server
 * names during the first answer), one remembered stream per conversation (so "New
 * conversation" never resumes the old one). Multi-tab sync stays on (the default).
 */
export function createDemoStore(conversationId: string | undefined): ChatStore {
  return createChatStore({
    endpoint: '/api/chat',
    conversationId,
    storageKey: `chatwire:demo:stream:${conversationId ?? 'new'}`,
    follow: true,
  });
}
