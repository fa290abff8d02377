'use client';
import { useContext, useState } from 'react';
import type { ChatStoreOptions } from '../core/store/ChatStoreOptions';
import { createChatStore, type ChatStoreState } from '../core/store/createChatStore';
import { ChatStoreContext } from './ChatStoreContext';
import { activePath } from '../core/session/activePath';
import { shallowEqual } from './shallowEqual';
import { useChatSession } from './useChatSession';
import { useSelectorWithEquality } from './useSelectorWithEquality';

/** Options of {@link useChat}: the session options, plus `resumeOnMount`. */
export interface UseChatOptions extends ChatStoreOptions {
  /**
   * On mount, resume a stream that was in flight when the page was left (remembered in
   * `storage`), or load the history of the given `conversationId` (and pick up a
   * generation running on another device). Default `true`.
   */
  resumeOnMount?: boolean;
}

/** What {@link useChat} returns. */
export type UseChatResult = Pick<
  ChatStoreState,
  | 'messages'
  | 'phase'
  | 'connection'
  | 'error'
  | 'metrics'
  | 'conversationId'
  | 'send'
  | 'stop'
  | 'retry'
  | 'edit'
  | 'regenerate'
  | 'switchBranch'
  | 'feedback'
  | 'resume'
  | 'approve'
  | 'deny'
  | 'continueToolCall'
>;

const selectChat = (s: ChatStoreState): UseChatResult => ({
  messages: activePath(s.messages, s.selection),
  phase: s.phase,
  connection: s.connection,
  error: s.error,
  metrics: s.metrics,
  conversationId: s.conversationId,
  send: s.send,
  stop: s.stop,
  retry: s.retry,
  edit: s.edit,
  regenerate: s.regenerate,
  switchBranch: s.switchBranch,
  feedback: s.feedback,
  resume: s.resume,
  approve: s.approve,
  deny: s.deny,
  continueToolCall: s.continueToolCall,
});

/**
 * The chat session: messages (the conversation as shown: the active path of its message
 * tree, the same array until it changes), phase,
 * connection, error and metrics, with `send`, `stop`, `retry` and `resume`, `edit`,
 * `regenerate` and `switchBranch` for branches and `feedback` for ratings (docs/branches.md), `approve`/`deny` for
 * tool calls that await approval, and `continueToolCall(toolCallId, 'rerun' | 'report')` for
 * a page tool's call a reload interrupted (docs/tools.md; its code loads with the page's
 * tools, not with the hook). Inside a `ChatProvider` it reads the provider's store (and
 * `options` are ignored); on its own it creates a store from `options` (read once; later
 * callbacks, `headers`, `body`, `fetch`, `credentials` and `clientTools` are applied).
 *
 * It re-renders on every published change of the conversation (at most once per frame
 * while streaming); for long lists render each message with `useMessage(id)`.
 *
 * @example
 * ```tsx
 * const { messages, phase, send, stop } = useChat({ endpoint: '/api/chat' });
 * ```
 */
export function useChat(options?: UseChatOptions): UseChatResult {
  const provided = useContext(ChatStoreContext);
  const [own] = useState(() => (provided ? null : createChatStore(options ?? {})));
  useChatSession(own, options, options?.resumeOnMount ?? true);
  const store = provided ?? own;
  if (!store) {
    throw new Error(
      'useChat() lost its store: it was first rendered inside a <ChatProvider> and then outside one. Keep the component under the same provider.',
    );
  }
  return useSelectorWithEquality(store, selectChat, shallowEqual);
}
