'use client';
import { forwardRef, type HTMLAttributes, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import type { ChatMessage, ChatPhase } from '../core/session/types';
import { Message as DefaultMessage } from './Message';
import { cx } from './cx';
import { isActivePhase } from '../core/session/phases';
import { useAnswerAnnouncement } from './useAnswerAnnouncement';
import { useChatComponents } from './useChatComponents';
import { usePinnedScroll } from './usePinnedScroll';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';
import { visuallyHidden } from './visuallyHidden';

/** Props of {@link MessageList}. */
export interface MessageListProps extends HTMLAttributes<HTMLDivElement> {
  /** The conversation, oldest first. */
  messages: ChatMessage[];
  /**
   * Where the generation is. While it is active the last assistant message is live; after
   * `cancelled` that message shows as stopped. Default `"idle"`.
   */
  phase?: ChatPhase;
  /** Retry, offered on an error in the last message. */
  onRetry?: () => void;
  /** Called when a citation badge is clicked. */
  onCitationClick?: (citation: Citation) => void;
  /** Shown when there are no messages. */
  emptyState?: ReactNode;
  /** Distance from the bottom (px) that still counts as "at the bottom". Default `48`. */
  pinThreshold?: number;
  /** Label of the jump button. Default: the `jumpToLatest` label (`"Jump to latest"`). */
  jumpLabel?: string;
  /** Accessible name of the scrolling list. Default: the `messages` label (`"Messages"`). */
  label?: string;
}

/**
 * The scrolling conversation. Stays pinned to the bottom while content grows unless the
 * user scrolls up; then a "Jump to latest" button appears. The visible list is
 * `aria-live="off"` (no token-by-token chatter); a visually hidden `aria-live="polite"`
 * node receives each finished assistant message's text instead.
 *
 * State: `data-pinned="true|false"`, `data-phase`, `data-empty`. The scrolling element
 * is `.cw-message-list-viewport`.
 *
 * @example <MessageList messages={chat.messages} phase={chat.phase} onRetry={chat.retry} />
 */
export const MessageList = forwardRef<HTMLDivElement, MessageListProps>(function MessageList(
  {
    messages,
    phase = 'idle',
    onRetry,
    onCitationClick,
    emptyState,
    pinThreshold = 48,
    jumpLabel,
    label,
    className,
    ...rest
  },
  ref,
) {
  const { Message = DefaultMessage } = useChatComponents();
  const labels = useLabelsOver(partLabels);
  const scroll = usePinnedScroll(messages, pinThreshold);
  const announcement = useAnswerAnnouncement(messages, phase);
  const last = messages[messages.length - 1];
  const lastAssistant = last?.role === 'assistant' ? last.id : undefined;
  const liveId = isActivePhase(phase) ? lastAssistant : undefined;
  const cancelledId = phase === 'cancelled' ? lastAssistant : undefined;

  return (
    <div
      ref={ref}
      {...rest}
      className={cx('cw-message-list', className)}
      data-pinned={scroll.pinned ? 'true' : 'false'}
      data-phase={phase}
      data-empty={messages.length === 0 ? 'true' : undefined}
    >
      <div
        ref={scroll.viewport}
        className="cw-message-list-viewport"
        role="region"
        aria-label={label ?? labels.messages}
        aria-live="off"
        tabIndex={0}
        onScroll={scroll.onScroll}
      >
        <div ref={scroll.content} className="cw-message-list-content">
          {messages.length === 0 && emptyState !== undefined && <div className="cw-empty">{emptyState}</div>}
          {messages.map((message, index) => (
            <Message
              key={message.id}
              message={message}
              live={message.id === liveId}
              cancelled={message.id === cancelledId}
              onRetry={index === messages.length - 1 ? onRetry : undefined}
              onCitationClick={onCitationClick}
            />
          ))}
        </div>
      </div>
      {!scroll.pinned && (
        <button type="button" className="cw-jump" onClick={scroll.jump}>
          {jumpLabel ?? labels.jumpToLatest}
        </button>
      )}
      <div className="cw-announcer" aria-live="polite" aria-atomic="true" style={visuallyHidden}>
        {announcement}
      </div>
    </div>
  );
});
