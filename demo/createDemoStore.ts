import { createChatStore, type ChatStore } from '../src/core/index';
import { createFollowFetch } from './useFollowConversation';

/**
 * The demo's chat session for the conversation in the URL (or a new one): the follow route
 * as resume route, one remembered stream per conversation (so "New conversation" never
 * resumes the old one), and the follow loop's fetch.
 */
export function createDemoStore(conversationId: string | undefined): ChatStore {
  let store: ChatStore | undefined;
  // Once this page shows events of the conversation, following skips the history request.
  const followFetch = createFollowFetch(() => (store?.getState().lastSeq ?? 0) > 0);
  store = createChatStore({
    endpoint: '/api/chat',
    conversationId,
    fetch: followFetch,
    storageKey: `chatwire:demo:stream:${conversationId ?? 'new'}`,
    // The follow route stays open across generations (see useFollowConversation).
    resumeEndpoint: (id) => `/api/chat/${encodeURIComponent(id)}/stream?follow=1`,
  });
  return store;
}
