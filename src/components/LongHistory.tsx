'use client';
import { memo, useRef, type ComponentType, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import type { ChatMessage } from '../core/session/types';
import type { MessageProps } from './Message';
import type { PinnedScroll } from './usePinnedScroll';
import { ESTIMATED_GAP, estimateMessageHeight } from './estimateMessageHeight';
import { MESSAGE_GROUP, MessageGroup } from './MessageGroup';
import { MessageTextGroup } from './MessageTextGroup';
import { useMessageWindow } from './useMessageWindow';

/**
 * Messages per block (`div.cw-message-block`, `content-visibility: auto`, ten groups): the
 * browser's per-frame work for `content-visibility` (which boxes are near the viewport) and
 * paint is per box outside the viewport, so a history of thousands of messages costs each
 * streamed frame one box per 500 messages, not one per 50.
 */
export const MESSAGE_BLOCK = MESSAGE_GROUP * 10;

/** Props of {@link LongHistory}. */
export interface LongHistoryProps {
  /** The conversation without its last two messages (those `MessageList` renders itself). */
  messages: readonly ChatMessage[];
  /** The list's scrolling element. */
  viewport: PinnedScroll['viewport'];
  /** Whether the list follows the bottom (stable: the props stay equal while an answer streams). */
  isPinned: PinnedScroll['isPinned'];
  maxRendered: number;
  Message: ComponentType<MessageProps>;
  onCitationClick?: (citation: Citation) => void;
}

/**
 * The earlier messages of a long conversation (docs/rendering.md, "Long conversations"), in
 * `div.cw-message-history` (one box: a token streamed below it lays out none of its groups), in
 * blocks of {@link MESSAGE_BLOCK} and, inside them, groups of {@link MESSAGE_GROUP}: those not mounted yet as text ({@link MessageTextGroup}),
 * the others in slots, each plain text or the full `Message` ({@link useMessageWindow}
 * decides). Loaded on demand by `MessageList` (its own chunk: a short conversation never
 * loads it). Memoized: while the last message streams, nothing here renders.
 *
 * @example <LongHistory messages={history} viewport={scroll.viewport} isPinned={scroll.isPinned} maxRendered={60} Message={Message} />
 */
export const LongHistory = memo(function LongHistory({ messages, viewport, isPinned, maxRendered, Message, onCitationClick }: LongHistoryProps) {
  const history = useRef<HTMLDivElement>(null);
  const { from, groups: mounted, full } = useMessageWindow(messages, viewport, history, isPinned, maxRendered);
  const blocks: ReactNode[] = [];
  let groups: ReactNode[] = [];
  let height = 0;
  for (let start = 0; start < messages.length; start += MESSAGE_GROUP) {
    const end = Math.min(start + MESSAGE_GROUP, messages.length);
    const slotsFrom = mounted.has(start) ? start : Math.max(start, from);
    for (let i = start; i < end; i += 1) height += estimateMessageHeight(messages[i] as ChatMessage) + ESTIMATED_GAP;
    if (slotsFrom > start) groups.push(<MessageTextGroup key={`text-${start}`} messages={messages} start={start} end={Math.min(end, slotsFrom)} />);
    if (slotsFrom < end) {
      groups.push(<MessageGroup key={start} messages={messages} start={slotsFrom} end={end} full={full} Message={Message} onCitationClick={onCitationClick} />);
    }
    if (end % MESSAGE_BLOCK === 0 || end === messages.length) {
      blocks.push(
        <div key={Math.floor(start / MESSAGE_BLOCK)} className="cw-message-block" style={{ contentVisibility: 'auto', containIntrinsicBlockSize: `auto ${height}px` }}>
          {groups}
        </div>,
      );
      groups = [];
      height = 0;
    }
  }
  return (
    <div ref={history} className="cw-message-history">
      {blocks}
    </div>
  );
});
