'use client';
import { forwardRef, useRef, useState, type ComponentType, type KeyboardEvent, type ReactNode } from 'react';
import type { ConversationSummary } from '../core/conversations/ConversationSummary';
import type { UseConversationsResult } from '../react/useConversations';
import { cx } from './cx';
import { useChatComponents } from './useChatComponents';
import { threadListLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/** Props of one entry of {@link ThreadList} (replace it with `components={{ ThreadItem }}`). */
export interface ThreadItemProps {
  conversation: ConversationSummary;
  selected: boolean;
  /** Its answer finished while another conversation was open. */
  unread: boolean;
  /** The entry's main button takes part in the list's arrow-key navigation through this. */
  tabIndex: number;
  onSelect(): void;
  onRename(title: string): Promise<void>;
  onRemove(): Promise<void>;
  /** Arrow keys, Home, End (handled by the list); F2 renames, Delete removes. */
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
}

/** Props of {@link ThreadList}. */
export interface ThreadListProps {
  /** The list and its actions, from `useConversations()`. */
  list: UseConversationsResult;
  /** Replace the entry (`ThreadItem`); also read from the `components` map of `ChatWidget`. */
  components?: { ThreadItem?: ComponentType<ThreadItemProps> };
  /** Accessible name of the list. Default: the `conversations` label (`"Conversations"`). */
  label?: string;
  /** Text of the button that starts a new conversation. Default: the `newConversation` label (`"New conversation"`). */
  newLabel?: ReactNode;
  /** Shown when there is no conversation yet. Default: the `noConversations` label (`"No conversations yet"`). */
  emptyState?: ReactNode;
  className?: string;
}

/**
 * A user's conversations as a navigable list: a "New conversation" button, then one entry
 * per conversation (most recent first) with its title, a running badge while its answer is
 * being written, and an unread dot when it finished while you were elsewhere. Arrow keys,
 * Home and End move between entries, Enter opens one, F2 renames it, Delete removes it.
 * Every control has an accessible name. State shows as `data-status` on the root and
 * `data-state` (`selected` | `idle`), `data-running`, `data-unread` on each entry.
 *
 * @example
 * ```tsx
 * const list = useConversations();
 * <ThreadList list={list} />
 * ```
 */
export const ThreadList = forwardRef<HTMLElement, ThreadListProps>(function ThreadList(
  { list, components, label, newLabel, emptyState, className },
  ref,
) {
  const labels = useLabelsOver(threadListLabels);
  const fromMap = useChatComponents() as { ThreadItem?: ComponentType<ThreadItemProps> };
  const Item = components?.ThreadItem ?? fromMap.ThreadItem ?? ThreadItem;
  const root = useRef<HTMLUListElement>(null);
  const { conversations, selectedId, unread } = list;
  const [focusId, setFocusId] = useState<string | null>(null);
  const current = conversations.find((c) => c.conversationId === (focusId ?? selectedId))?.conversationId ?? conversations[0]?.conversationId;

  const move = (event: KeyboardEvent<HTMLElement>, from: string): void => {
    const at = conversations.findIndex((c) => c.conversationId === from);
    const to = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? conversations.length - 1 : -2;
    if (to === -2) return;
    event.preventDefault();
    const next = conversations[Math.max(0, Math.min(conversations.length - 1, to))];
    if (!next) return;
    setFocusId(next.conversationId);
    root.current?.querySelector<HTMLElement>(`[data-conversation-id="${next.conversationId}"] .cw-thread-open`)?.focus();
  };

  return (
    <nav ref={ref} className={cx('cw-threads', className)} aria-label={label ?? labels.conversations} data-status={list.status}>
      <button type="button" className="cw-threads-new" onClick={() => list.create()} aria-pressed={selectedId === null}>
        {newLabel ?? labels.newConversation}
      </button>
      {list.status === 'ready' && conversations.length === 0 && <p className="cw-threads-empty">{emptyState ?? labels.noConversations}</p>}
      {list.error && (
        <p className="cw-threads-error" role="alert">
          {list.error}
        </p>
      )}
      <ul ref={root} className="cw-threads-list">
        {conversations.map((c) => (
          <Item
            key={c.conversationId}
            conversation={c}
            selected={c.conversationId === selectedId}
            unread={unread.includes(c.conversationId)}
            tabIndex={c.conversationId === current ? 0 : -1}
            onSelect={() => list.select(c.conversationId)}
            onRename={(title) => list.rename(c.conversationId, title)}
            onRemove={() => list.remove(c.conversationId)}
            onKeyDown={(event) => move(event, c.conversationId)}
          />
        ))}
      </ul>
      {list.hasMore && (
        <button type="button" className="cw-threads-more" onClick={() => void list.loadMore()}>
          {labels.moreConversations}
        </button>
      )}
    </nav>
  );
});

/** The default entry of {@link ThreadList}: open, rename (inline), delete. */
export function ThreadItem({ conversation, selected, unread, tabIndex, onSelect, onRename, onRemove, onKeyDown }: ThreadItemProps) {
  const [editing, setEditing] = useState(false);
  const labels = useLabelsOver(threadListLabels);
  const { title, running } = conversation;
  const name = labels.conversation(title, running, unread);
  const finishEdit = (value: string | null): void => {
    setEditing(false);
    const next = value?.trim();
    if (next && next !== title) void onRename(next).catch(() => undefined);
  };
  const keys = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'F2') {
      event.preventDefault();
      setEditing(true);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      void onRemove().catch(() => undefined);
    } else {
      onKeyDown(event);
    }
  };
  return (
    <li
      className="cw-thread"
      data-conversation-id={conversation.conversationId}
      data-state={selected ? 'selected' : 'idle'}
      data-running={running ? '' : undefined}
      data-unread={unread ? '' : undefined}
    >
      {editing ? (
        <input
          className="cw-thread-rename"
          aria-label={labels.renameInput(title)}
          defaultValue={title}
          maxLength={200}
          autoFocus
          onKeyDown={(event) => {
            if (event.key === 'Enter') finishEdit(event.currentTarget.value);
            if (event.key === 'Escape') finishEdit(null);
          }}
          onBlur={(event) => finishEdit(event.currentTarget.value)}
        />
      ) : (
        <button
          type="button"
          className="cw-thread-open"
          tabIndex={tabIndex}
          aria-current={selected ? 'page' : undefined}
          aria-label={name === title ? undefined : name}
          onClick={onSelect}
          onKeyDown={keys}
        >
          <span className="cw-thread-title">{title}</span>
          {/* A space between title and badge: the visible words read "Trip Running", which the name contains. */}
          {running && ' '}
          {running && (
            <span className="cw-thread-badge" data-state="running" aria-hidden="true">
              {labels.running}
            </span>
          )}
          {unread && <span className="cw-thread-unread" aria-hidden="true" />}
        </button>
      )}
      <button type="button" className="cw-thread-action" aria-label={labels.rename(title)} tabIndex={-1} onClick={() => setEditing(true)}>
        <span aria-hidden="true">✎</span>
      </button>
      <button type="button" className="cw-thread-action" aria-label={labels.remove(title)} tabIndex={-1} onClick={() => void onRemove().catch(() => undefined)}>
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}
