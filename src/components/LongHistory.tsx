'use client';
import { memo, type ComponentType, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import type { ChatMessage } from '../core/session/types';
import type { MessageProps } from './Message';
import type { PinnedScroll } from './usePinnedScroll';
import { MESSAGE_GROUP, MessageGroup } from './MessageGroup';
import { useMessageWindow } from './useMessageWindow';

/** Props of {@link LongHistory}. */
export interface LongHistoryProps {
  /** The conversation without its last two messages (those `MessageList` renders itself). */
  messages: readonly ChatMessage[];
  /** The list's scrolling element, its content and whether it follows the bottom. */
  scroll: Pick<PinnedScroll, 'viewport' | 'content' | 'isPinned'>;
  maxRendered: number;
  Message: ComponentType<MessageProps>;
  onCitationClick?: (citation: Citation) => void;
}

/**
 * The earlier messages of a long conversation (docs/rendering.md, "Long conversations"): a
 * spacer for those not mounted yet, then groups of {@link MESSAGE_GROUP} slots, each plain
 * text or the full `Message` ({@link useMessageWindow} decides). Loaded on demand by
 * `MessageList` (its own chunk: a short conversation never loads it). Memoized: while the last
 * message streams, nothing here renders.
 *
 * @example <LongHistory messages={history} scroll={scroll} maxRendered={60} Message={Message} />
 */
export const LongHistory = memo(function LongHistory({ messages, scroll, maxRendered, Message, onCitationClick }: LongHistoryProps) {
  const { from, spacer, full } = useMessageWindow(messages, scroll.viewport, scroll.content, scroll.isPinned, maxRendered);
  const groups: ReactNode[] = [];
  for (let start = from - (from % MESSAGE_GROUP); start < messages.length; start += MESSAGE_GROUP) {
    groups.push(
      <MessageGroup
        key={start}
        messages={messages}
        start={Math.max(start, from)}
        end={Math.min(start + MESSAGE_GROUP, messages.length)}
        full={full}
        Message={Message}
        onCitationClick={onCitationClick}
      />,
    );
  }
  return (
    <>
      {from > 0 && <div className="cw-message-spacer" aria-hidden="true" style={{ height: spacer }} />}
      {groups}
    </>
  );
});
