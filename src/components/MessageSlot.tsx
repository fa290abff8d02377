'use client';
import { memo, type ComponentType } from 'react';
import type { Citation } from '../core/events';
import { joinText } from '../core/session/joinText';
import type { ChatMessage } from '../core/session/types';
import { estimateMessageHeight } from './estimateMessageHeight';
import type { MessageProps } from './Message';

/** Props of {@link MessageSlot}. */
export interface MessageSlotProps {
  message: ChatMessage;
  Message: ComponentType<MessageProps>;
  /** `full`: the `Message` part; `plain`: the message's text as plain text (cheap, searchable). */
  render: 'full' | 'plain';
  onCitationClick?: (citation: Citation) => void;
}

/**
 * One earlier message of a long conversation in its slot (`div.cw-message-slot`, `data-id`,
 * `data-render="full|plain"`), a `content-visibility: auto` box whose height is estimated
 * until it was laid out once. A plain slot shows the text parts as one text node in
 * `.cw-message` (same role attribute and classes), so find-in-page and screen readers read
 * the words of a message that was never rendered as markdown. Internal to `MessageList`.
 *
 * @example <MessageSlot message={m} Message={Message} render="plain" />
 */
export const MessageSlot = memo(function MessageSlot({ message, Message, render, onCitationClick }: MessageSlotProps) {
  return (
    <div
      className="cw-message-slot"
      data-id={message.id}
      data-render={render}
      style={{ contentVisibility: 'auto', containIntrinsicBlockSize: `auto ${estimateMessageHeight(message)}px` }}
    >
      {render === 'full' ? (
        <Message message={message} onCitationClick={onCitationClick} />
      ) : (
        <div className="cw-message" data-role={message.role} data-message-id={message.id}>
          <div className="cw-message-text">{joinText(message.parts)}</div>
        </div>
      )}
    </div>
  );
});
