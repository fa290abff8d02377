'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatEvent } from '../core/events';
import type { UseConversationsResult } from '../react/useConversations';

/** What {@link useThreadChat} gives the chat beside a thread list. */
export interface ThreadChat {
  /** Key the chat with it: it changes when another conversation is opened (or a new one started). */
  chatKey: string;
  /** The conversation the chat opens; `undefined` for a new one. */
  conversationId: string | undefined;
  /** Pass to the chat's `onEvent`: a new conversation joins the list once the server names it. */
  onEvent: (event: ChatEvent) => void;
}

/**
 * Ties a chat to a thread list's selection: selecting a conversation (or "New
 * conversation", or the open one being deleted elsewhere) gives a new `chatKey`, so the
 * chat is created afresh for it (history, answer in flight, follow); a new chat that the
 * server names joins the list as the selection without being created again. Internal to
 * `ThreadListWidget` and the demo.
 */
export function useThreadChat(list: Pick<UseConversationsResult, 'selectedId' | 'select'>, onEvent?: (event: ChatEvent) => void): ThreadChat {
  const { selectedId, select } = list;
  const shown = useRef<string | null>(selectedId);
  const fresh = useRef(0);
  const [chatKey, setChatKey] = useState(() => selectedId ?? 'new:0');
  useEffect(() => {
    if (selectedId === shown.current) return;
    shown.current = selectedId;
    setChatKey(selectedId ?? `new:${++fresh.current}`);
  }, [selectedId]);
  const onChatEvent = useCallback(
    (event: ChatEvent) => {
      if (event.type === 'session' && event.conversationId && shown.current === null) {
        shown.current = event.conversationId;
        select(event.conversationId);
      }
      onEvent?.(event);
    },
    [select, onEvent],
  );
  return { chatKey, conversationId: chatKey.startsWith('new:') ? undefined : chatKey, onEvent: onChatEvent };
}
