'use client';
import { memo, type ComponentType, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import type { ChatMessage } from '../core/session/types';
import { ESTIMATED_GAP, estimateMessageHeight } from './estimateMessageHeight';
import type { MessageProps } from './Message';
import { MessageSlot } from './MessageSlot';

/** Messages per memoized group. */
export const MESSAGE_GROUP = 50;

/** Props of {@link MessageGroup}. */
export interface MessageGroupProps {
  /** The earlier messages (all but the last two of the conversation). */
  messages: readonly ChatMessage[];
  /** This group's messages: `messages[start..end)`. */
  start: number;
  end: number;
  /** Ids rendered in full; the others are plain text, except the last two, always in full. */
  full: ReadonlySet<string>;
  Message: ComponentType<MessageProps>;
  onCitationClick?: (citation: Citation) => void;
}

/** Where in this group the two most recent earlier messages (always in full) start. */
const alwaysFullFrom = ({ messages, start, end }: MessageGroupProps): number => Math.min(end, Math.max(start, messages.length - 2));

/**
 * Equal while the group's messages are the same objects and the same of them render in full:
 * a new `full` set (a message near the viewport, anywhere in the list) re-renders only the
 * groups it changes, not every group of the history (with thousands of messages, every
 * slot's props compared and children reconciled, on each send).
 */
const sameGroup = (a: MessageGroupProps, b: MessageGroupProps): boolean => {
  if (a.start !== b.start || a.end !== b.end || a.Message !== b.Message || a.onCitationClick !== b.onCitationClick || alwaysFullFrom(a) !== alwaysFullFrom(b)) {
    return false;
  }
  for (let i = a.start; i < a.end; i += 1) if (a.messages[i] !== b.messages[i]) return false;
  if (a.full === b.full) return true;
  for (let i = a.start; i < a.end; i += 1) {
    const id = (a.messages[i] as ChatMessage).id;
    if (a.full.has(id) !== b.full.has(id)) return false;
  }
  return true;
};

/**
 * `messages[start..end)` in their slots inside `div.cw-message-group`, a `content-visibility:
 * auto` box (the browser lays out and paints only the groups near the viewport), memoized by
 * the messages' identity: a message keeps its slot (no remount) as the history grows past it.
 * Internal to `MessageList`.
 *
 * @example <MessageGroup messages={history} start={0} end={50} full={new Set()} Message={Message} />
 */
export const MessageGroup = memo(function MessageGroup(props: MessageGroupProps) {
  const { messages, start, end, full, Message, onCitationClick } = props;
  const fullFrom = alwaysFullFrom(props);
  const slots: ReactNode[] = [];
  let height = 0;
  for (let i = start; i < end; i += 1) {
    const message = messages[i] as ChatMessage;
    height += estimateMessageHeight(message) + ESTIMATED_GAP;
    slots.push(
      <MessageSlot
        key={message.id}
        message={message}
        Message={Message}
        render={i >= fullFrom || full.has(message.id) ? 'full' : 'plain'}
        onCitationClick={onCitationClick}
      />,
    );
  }
  return (
    <div className="cw-message-group" style={{ contentVisibility: 'auto', containIntrinsicBlockSize: `auto ${height}px` }}>
      {slots}
    </div>
  );
}, sameGroup);
