'use client';
import type { ConversationsOptions } from '../core/conversations/createConversationsStore';
import { DEFAULT_ENDPOINT } from '../core/session/resolveChatRoutes';
import { useConversations } from '../react/useConversations';
import type { ComponentType } from 'react';
import type { ChatWidgetProps } from './ChatWidget';
import { ThreadList } from './ThreadList';
import { useThreadChat } from './useThreadChat';

/** Props of {@link ThreadListWidget}: `ChatWidget`'s, with the list's options as `threads`. */
export interface ThreadListWidgetProps extends Omit<ChatWidgetProps, 'threads'> {
  threads: true | ConversationsOptions;
  /** The chat to show beside the list (`ChatWidget`, handed over so this chunk does not import it). */
  Chat: ComponentType<ChatWidgetProps>;
}

/**
 * `ChatWidget` with the user's conversations beside it (what `<ChatWidget threads />`
 * renders, loaded on demand): selecting a conversation opens it (its history, its answer
 * in flight live, following it); "New conversation" opens an empty chat that joins the
 * list when the server names it. A conversation left while it answers keeps running on the
 * server; its entry shows the running badge, then an unread dot when it finishes.
 */
export default function ThreadListWidget({ threads, onEvent, Chat, ...props }: ThreadListWidgetProps) {
  const endpoint = props.endpoint ?? DEFAULT_ENDPOINT;
  const list = useConversations({ endpoint, headers: props.headers, credentials: props.credentials, fetch: props.fetch, ...(threads === true ? {} : threads) });
  const chat = useThreadChat(list, onEvent);
  return (
    <div className="cw-threaded">
      <ThreadList list={list} components={props.components} />
      <Chat
        key={chat.chatKey}
        {...props}
        conversationId={chat.conversationId}
        follow={props.follow ?? true}
        storageKey={props.storageKey ?? `chatwire:stream:${endpoint}:${chat.chatKey}`}
        onEvent={chat.onEvent}
      />
    </div>
  );
}
