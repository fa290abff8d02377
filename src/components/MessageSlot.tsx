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
  /** Off-screen content is skipped (`content-visibility: auto`) with this estimated height until rendered once. */
  deferred: boolean;
  live?: boolean;
  cancelled?: boolean;
  onRetry?: () => void;
  onCitationClick?: (citation: Citation) => void;
}

/**
 * One message of `MessageList` in its slot (`div.cw-message-slot`, `data-id` in a long conversation,
 * `data-render="full|plain"`). A plain slot shows the text parts as one text node in
 * `.cw-message` (same role attribute and classes), so find-in-page and screen readers read
 * the words of a message that was never rendered as markdown. Internal to `MessageList`.
 *
 * @example <MessageSlot message={m} Message={Message} render="plain" deferred />
 */
export const MessageSlot = memo(function MessageSlot({ message, Message, render, deferred, ...rest }: MessageSlotProps) {
  return (
    <div
      className="cw-message-slot"
      data-id={deferred ? message.id : undefined}
      data-render={render}
      style={deferred ? { contentVisibility: 'auto', containIntrinsicBlockSize: `auto ${estimateMessageHeight(message)}px` } : undefined}
    >
      {render === 'full' ? (
        <Message message={message} {...rest} />
      ) : (
        <div className="cw-message" data-role={message.role} data-message-id={message.id}>
          <div className="cw-message-text">{joinText(message.parts)}</div>
        </div>
      )}
    </div>
  );
});
