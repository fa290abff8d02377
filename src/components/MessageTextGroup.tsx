'use client';
import { memo } from 'react';
import { joinText } from '../core/session/joinText';
import type { ChatMessage } from '../core/session/types';
import { ESTIMATED_GAP, estimateMessageHeight } from './estimateMessageHeight';

/** Props of {@link MessageTextGroup}. */
export interface MessageTextGroupProps {
  /** The earlier messages of the conversation. */
  messages: readonly ChatMessage[];
  /** This group's messages: `messages[start..end)`, none of them mounted in a slot yet. */
  start: number;
  end: number;
}

const sameText = (a: MessageTextGroupProps, b: MessageTextGroupProps): boolean => {
  if (a.start !== b.start || a.end !== b.end) return false;
  for (let i = a.start; i < a.end; i += 1) if (a.messages[i] !== b.messages[i]) return false;
  return true;
};

/**
 * Messages of a long conversation not mounted in slots yet, as their text: one text node
 * (blank lines between messages) in `div.cw-message-group[data-render="text"]` (`data-start`,
 * `data-end`), a
 * `content-visibility: auto` box as high as the messages' estimated heights. The browser
 * neither styles nor lays out its text until it comes near the viewport, yet find-in-page
 * finds it and screen readers read it, from the first frame of a long conversation on. Idle
 * time, or its coming near the viewport, replaces it with the messages' slots. Internal to `MessageList`.
 *
 * @example <MessageTextGroup messages={history} start={0} end={50} />
 */
export const MessageTextGroup = memo(function MessageTextGroup({ messages, start, end }: MessageTextGroupProps) {
  let text = '';
  let height = 0;
  for (let i = start; i < end; i += 1) {
    const message = messages[i] as ChatMessage;
    text += (i > start ? '\n\n' : '') + joinText(message.parts);
    height += estimateMessageHeight(message) + ESTIMATED_GAP;
  }
  return (
    <div className="cw-message-group" data-render="text" data-start={start} data-end={end} style={{ contentVisibility: 'auto', containIntrinsicBlockSize: `auto ${height}px` }}>
      <div className="cw-message-text">{text}</div>
    </div>
  );
}, sameText);
