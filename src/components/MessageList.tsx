'use client';
import { forwardRef, useRef, type HTMLAttributes, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import type { ChatMessage, ChatPhase, MessageFeedback } from '../core/session/types';
import { Message as DefaultMessage } from './Message';
import { cx } from './cx';
import { MessageFeedbackContext } from './MessageFeedbackContext';
import { isActivePhase } from '../core/session/phases';
import { useAnswerAnnouncement } from './useAnswerAnnouncement';
import { useChatComponents } from './useChatComponents';
import { useLongHistory } from './useLongHistory';
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
  /** Rates an answer: the thumbs under each answer show when it is given; see `Message`. */
  onFeedback?: (messageId: string, value: MessageFeedback | null) => void;
  /** Shown when there are no messages. */
  emptyState?: ReactNode;
  /** Distance from the bottom (px) that still counts as "at the bottom". Default `48`. */
  pinThreshold?: number;
  /** Label of the jump button. Default: the `jumpToLatest` label (`"Jump to latest"`). */
  jumpLabel?: string;
  /** Accessible name of the scrolling list. Default: the `messages` label (`"Messages"`). */
  label?: string;
  /**
   * A conversation with more messages than this opens fast: the last messages render first,
   * older ones mount in idle time as plain text (searchable, read by screen readers) and
   * render in full when they come near the viewport (docs/rendering.md, "Long
   * conversations"; that code is its own chunk, loaded once a conversation has half as many
   * messages). Default `40`; `Infinity` renders every message in full at once.
   */
  deferAfter?: number;
  /**
   * In a long conversation, at most this many earlier messages render in full (markdown,
   * tool cards) at once; the least recently seen go back to plain text. Default `60`.
   */
  maxRenderedMessages?: number;
}

/** `messages` without the last two, as the same array while those messages are the same objects. */
function useEarlierMessages(messages: ChatMessage[]): readonly ChatMessage[] {
  const kept = useRef<readonly ChatMessage[]>([]);
  const previous = kept.current;
  const length = Math.max(0, messages.length - 2);
  let same = previous.length === length;
  for (let i = length - 1; same && i >= 0; i -= 1) same = previous[i] === messages[i];
  if (!same) kept.current = messages.slice(0, length);
  return kept.current;
}

/**
 * The scrolling conversation. Stays pinned to the bottom while content grows unless the
 * user scrolls up; then a "Jump to latest" button appears. The visible list is
 * `aria-live="off"` (no token-by-token chatter); a visually hidden `aria-live="polite"`
 * node receives, as plain text, which tool calls wait for approval when the answer pauses
 * for it, and each finished assistant message's text.
 *
 * State: `data-pinned="true|false"`, `data-phase`, `data-empty`. The scrolling element
 * is `.cw-message-list-viewport`.
 *
 * @example <MessageList messages={chat.messages} phase={chat.phase} onRetry={chat.retry} />
 */
// Over 80 lines: the list's JSX (viewport, long history, messages, jump button, announcer) with its props; the scrolling and windowing are hooks of their own.
export const MessageList = forwardRef<HTMLDivElement, MessageListProps>(function MessageList(
  {
    messages,
    phase = 'idle',
    onRetry,
    onCitationClick,
    onFeedback,
    emptyState,
    pinThreshold = 48,
    jumpLabel,
    label,
    deferAfter = 40,
    maxRenderedMessages = 60,
    className,
    ...rest
  },
  ref,
) {
  const { Message = DefaultMessage } = useChatComponents();
  const labels = useLabelsOver(partLabels);
  const scroll = usePinnedScroll(messages, pinThreshold);
  const announcement = useAnswerAnnouncement(messages, phase, labels.toolAwaitingApproval);
  const LongHistory = useLongHistory(messages.length > deferAfter / 2);
  const long = messages.length > deferAfter && LongHistory !== null;
  const earlier = useEarlierMessages(long ? messages : []);
  const last = messages[messages.length - 1];
  const lastAssistant = last?.role === 'assistant' ? last.id : undefined;
  const liveId = isActivePhase(phase) ? lastAssistant : undefined;
  const cancelledId = phase === 'cancelled' ? lastAssistant : undefined;
  const renderMessage = (message: ChatMessage, index: number) => (
    <Message key={message.id} message={message} live={message.id === liveId} cancelled={message.id === cancelledId}
      onRetry={index === messages.length - 1 ? onRetry : undefined} onCitationClick={onCitationClick} />
  );

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
          <MessageFeedbackContext.Provider value={onFeedback}>
            {messages.length === 0 && emptyState !== undefined && <div className="cw-empty">{emptyState}</div>}
            {long && LongHistory && (
              <LongHistory
                messages={earlier}
                viewport={scroll.viewport}
                isPinned={scroll.isPinned}
                maxRendered={maxRenderedMessages}
                Message={Message}
                onCitationClick={onCitationClick}
              />
            )}
            {long ? messages.slice(-2).map((message, i) => renderMessage(message, messages.length - 2 + i)) : messages.map(renderMessage)}
          </MessageFeedbackContext.Provider>
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
