'use client';
import { memo, type ComponentType, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import type { ChatMessage } from '../core/session/types';
import { ESTIMATED_GAP, estimateMessageHeight } from './estimateMessageHeight';
import type { MessageProps } from './Message';
import { MessageSlot } from './MessageSlot';

/** Messages per memoized group: a streamed token re-renders the last group only. */
export const MESSAGE_GROUP = 50;

export interface MessageGroupProps {
  messages: ChatMessage[];
  /** This group's messages: `messages[start..end)`. */
  start: number;
  end: number;
  long: boolean;
  full: ReadonlySet<string>;
  Message: ComponentType<MessageProps>;
  onCitationClick?: (citation: Citation) => void;
  /** For the group that holds the last message. */
  liveId?: string;
  cancelledId?: string;
  onRetry?: () => void;
}

/** The last two messages always render in full: where in this group that starts. */
const alwaysFullFrom = ({ messages, start, end }: MessageGroupProps): number => Math.min(end, Math.max(start, messages.length - 2));

const sameGroup = (a: MessageGroupProps, b: MessageGroupProps): boolean => {
  if (
    a.start !== b.start ||
    a.end !== b.end ||
    a.long !== b.long ||
    a.full !== b.full ||
    a.Message !== b.Message ||
    a.onCitationClick !== b.onCitationClick ||
    a.liveId !== b.liveId ||
    a.cancelledId !== b.cancelledId ||
    a.onRetry !== b.onRetry ||
    alwaysFullFrom(a) !== alwaysFullFrom(b)
  ) {
    return false;
  }
  for (let i = a.start; i < a.end; i += 1) if (a.messages[i] !== b.messages[i]) return false;
  return true;
};

/**
 * `messages[start..end)` in their slots inside `div.cw-message-group`, memoized by the
 * messages' identity: while the last message streams, every other group is skipped without
 * touching its messages' elements, and a message keeps its slot (no remount) as the
 * conversation grows past it. In a long conversation the group is a `content-visibility:
 * auto` box too, so the browser lays out and paints only the groups near the viewport.
 * Internal to `MessageList`.
 *
 * @example <MessageGroup messages={messages} start={0} end={50} long={false} full={new Set()} Message={Message} />
 */
export const MessageGroup = memo(function MessageGroup({ messages, start, end, long, full, Message, onCitationClick, liveId, cancelledId, onRetry }: MessageGroupProps) {
  const slots: ReactNode[] = [];
  let height = 0;
  for (let i = start; i < end; i += 1) {
    const message = messages[i] as ChatMessage;
    height += estimateMessageHeight(message) + ESTIMATED_GAP;
    const last = i === messages.length - 1;
    slots.push(
      <MessageSlot
        key={message.id}
        message={message}
        Message={Message}
        render={!long || i >= messages.length - 2 || full.has(message.id) ? 'full' : 'plain'}
        deferred={long}
        live={message.id === liveId}
        cancelled={message.id === cancelledId}
        onRetry={last ? onRetry : undefined}
        onCitationClick={onCitationClick}
      />,
    );
  }
  return (
    <div
      className="cw-message-group"
      style={long ? { contentVisibility: 'auto', containIntrinsicBlockSize: `auto ${height}px` } : undefined}
    >
      {slots}
    </div>
  );
}, sameGroup);
