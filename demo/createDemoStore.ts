import { createChatStore, type ChatStore } from '../src/core/index';

/**
 * The demo's chat session for the conversation in the URL (or a new one): the follow route
 * as resume route (see useFollowConversation), one remembered stream per conversation (so
 * "New conversation" never resumes the old one). Multi-tab sync stays on (the default).
 */
export function createDemoStore(conversationId: string | undefined): ChatStore {
  return createChatStore({
    endpoint: '/api/chat',
    conversationId,
    storageKey: `chatwire:demo:stream:${conversationId ?? 'new'}`,
    // The follow route stays open across generations (see useFollowConversation).
    resumeEndpoint: (id) => `/api/chat/${encodeURIComponent(id)}/stream?follow=1`,
  });
}
