'use client';
import {
  forwardRef,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import type { Citation } from '../core/events';
import type { ChatMessage, ChatPhase } from '../core/session/types';
import { Message as DefaultMessage } from './Message';
import { cx } from './cx';
import { isActivePhase, TERMINAL_PHASES } from '../core/session/phases';
import { messageText } from './messageText';
import { useChatComponents } from './useChatComponents';
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
  /** Label of the jump button. Default `"Jump to latest"`. */
  jumpLabel?: string;
  /** Accessible name of the scrolling list. Default `"Messages"`. */
  label?: string;
}

const countUserTurns = (messages: readonly ChatMessage[]): number => messages.filter((m) => m.role === 'user').length;

const scrollToEnd = (el: HTMLElement): void => {
  el.scrollTop = el.scrollHeight;
};

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
    jumpLabel = 'Jump to latest',
    label = 'Messages',
    className,
    ...rest
  },
  ref,
) {
  const { Message = DefaultMessage } = useChatComponents();
  const viewport = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [isPinned, setIsPinned] = useState(true);
  const [announcement, setAnnouncement] = useState('');
  const last = messages[messages.length - 1];
  const streaming = isActivePhase(phase);
  const lastAssistant = last?.role === 'assistant' ? last.id : undefined;
  const liveId = streaming ? lastAssistant : undefined;
  const cancelledId = phase === 'cancelled' ? lastAssistant : undefined;

  const setPinned = useCallback((next: boolean) => {
    pinned.current = next;
    setIsPinned(next);
  }, []);

  const onScroll = (): void => {
    const el = viewport.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= pinThreshold;
    if (atBottom !== pinned.current) setPinned(atBottom);
  };

  // Follow new content while pinned: on every change of the messages...
  useLayoutEffect(() => {
    if (pinned.current && viewport.current) scrollToEnd(viewport.current);
  }, [messages]);

  // ...and when rendered content grows by itself (highlighting, images).
  useEffect(() => {
    const el = viewport.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      if (pinned.current) scrollToEnd(el);
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  // Announce an answer once, when the generation stops. Keyed on the phase and the number
  // of prompts, not the live message's id: the local placeholder is renamed to the server's
  // id, and under load a whole answer can arrive between two renders (idle -> complete
  // without an active phase ever rendered). History that loads (phase idle) is not announced.
  const turns = countUserTurns(messages);
  const wasStreaming = useRef(streaming);
  const announcedTurns = useRef(streaming ? -1 : turns);
  useEffect(() => {
    const was = wasStreaming.current;
    wasStreaming.current = streaming;
    if (streaming) return;
    if (!was && !(TERMINAL_PHASES.has(phase) && turns !== announcedTurns.current)) return;
    announcedTurns.current = turns;
    const finished = messages[messages.length - 1];
    if (finished?.role === 'assistant') setAnnouncement(messageText(finished));
  }, [streaming, phase, turns, messages]);

  // The button disappears once pinned: keep keyboard focus in the list instead of losing it.
  const jump = (): void => {
    const el = viewport.current;
    if (el) {
      scrollToEnd(el);
      el.focus({ preventScroll: true });
    }
    setPinned(true);
  };

  return (
    <div
      ref={ref}
      {...rest}
      className={cx('cw-message-list', className)}
      data-pinned={isPinned ? 'true' : 'false'}
      data-phase={phase}
      data-empty={messages.length === 0 ? 'true' : undefined}
    >
      <div
        ref={viewport}
        className="cw-message-list-viewport"
        role="region"
        aria-label={label}
        aria-live="off"
        tabIndex={0}
        onScroll={onScroll}
      >
        <div ref={content} className="cw-message-list-content">
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
      {!isPinned && (
        <button type="button" className="cw-jump" onClick={jump}>
          {jumpLabel}
        </button>
      )}
      <div className="cw-announcer" aria-live="polite" aria-atomic="true" style={visuallyHidden}>
        {announcement}
      </div>
    </div>
  );
});
