'use client';
import type { ConversationsOptions } from '../core/conversations/createConversationsStore';
import { DEFAULT_ENDPOINT } from '../core/session/resolveChatRoutes';
import { useConversations } from '../react/useConversations';
import { ChatLabelsContext } from './ChatLabelsContext';
import { ChatWidget, type ChatWidgetProps } from './ChatWidget';
import { ThreadList } from './ThreadList';
import { useThreadChat } from './useThreadChat';
import type { ChatLabels } from './labels';

const NO_LABELS: Partial<ChatLabels> = {};

/** Props of {@link ThreadListWidget}: every `ChatWidget` prop, and the list's options. */
export interface ThreadListWidgetProps extends ChatWidgetProps {
  /** Options of the list (`useConversations`); `endpoint`, `headers`, `credentials` and `fetch` default to the chat's. */
  threads?: ConversationsOptions;
}

/**
 * `ChatWidget` with the user's conversations beside it (`ThreadList`): selecting a
 * conversation opens it (its history, its answer in flight live, following it); "New
 * conversation" opens an empty chat that joins the list when the server names it. A
 * conversation left while it answers keeps running on the server; its entry shows the
 * running badge, then an unread dot when it finishes. A component of its own rather than a
 * `ChatWidget` prop, so apps that do not show the list do not ship it (docs/conversations.md).
 *
 * @example
 * ```tsx
 * <ThreadListWidget endpoint="/api/chat" threads={{ pageSize: 50 }} />
 * ```
 */
export function ThreadListWidget({ threads, onEvent, ...props }: ThreadListWidgetProps) {
  const endpoint = props.endpoint ?? DEFAULT_ENDPOINT;
  const list = useConversations({ endpoint, headers: props.headers, credentials: props.credentials, fetch: props.fetch, ...threads });
  const chat = useThreadChat(list, onEvent);
  return (
    <div className="cw-threaded" dir={props.dir}>
      <ChatLabelsContext.Provider value={props.labels ?? NO_LABELS}>
        <ThreadList list={list} components={props.components} />
      </ChatLabelsContext.Provider>
      <ChatWidget
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
