'use client';
import { forwardRef, memo, useContext, useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import { joinText } from '../core/session/joinText';
import type { ChatMessage, CitationsPart, MessageFeedback } from '../core/session/types';
import { Cursor as DefaultCursor } from '../markdown/react/Cursor';
import { ErrorNotice as DefaultErrorNotice } from './ErrorNotice';
import { Reasoning as DefaultReasoning } from './Reasoning';
import { StatusLine as DefaultStatusLine } from './StatusLine';
import { StreamingMarkdown } from '../markdown/react/StreamingMarkdown';
import { LazyToolCallCard as DefaultToolCallCard, usePreloadToolCallCard } from './LazyToolCallCard';
import { ChatLabelsContext } from './ChatLabelsContext';
import { cx } from './cx';
import { MessageFeedbackContext } from './MessageFeedbackContext';
import { useMessageSession } from './useMessageSession';
import { useMessageFooterParts } from './lazyMessageParts';
import { markdownComponents } from './markdownComponents';
import { useChatComponents } from './useChatComponents';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

const NO_CITATIONS: Citation[] = [];

/** Props of {@link Message}. */
export interface MessageProps extends HTMLAttributes<HTMLDivElement> {
  /** The message to render. */
  message: ChatMessage;
  /** This is the message being written right now: streaming markdown and the cursor. Default `false`. */
  live?: boolean;
  /** The generation that wrote this message was stopped: shows a "Stopped" note. Default `false`. */
  cancelled?: boolean;
  /** Retry for an error part; without it the error shows no Retry button. */
  onRetry?: () => void;
  /** Called when a citation badge is clicked. */
  onCitationClick?: (citation: Citation) => void;
  /** Saves an edit of a user message (its inline editor's Save). Default: the nearest `ChatProvider`'s `edit`; without either there is no Edit. */
  onEdit?: (messageId: string, text: string) => void | Promise<void>;
  /** Writes a new version of an answer. Default: the nearest `ChatProvider`'s `regenerate`; without either there is no Regenerate. */
  onRegenerate?: (messageId: string) => void | Promise<void>;
  /**
   * Rates an answer (`null`: the rating is taken back). Default: the enclosing
   * `MessageList`'s `onFeedback`. Without either there are no thumbs. Inside a
   * `ChatProvider` the rating is also recorded by the session (`feedback`: on the server,
   * shown in every tab and after a reload).
   */
  onFeedback?: (messageId: string, value: MessageFeedback | null) => void;
  /** Which version of its siblings this message is (0-based `index`); a picker shows when `count > 1`. Default: its place in the nearest `ChatProvider`'s tree. */
  branch?: { index: number; count: number };
  /** Shows another version (0-based) of this message. Default: the nearest `ChatProvider`'s `switchBranch`; without either there is no picker. */
  onSwitchBranch?: (messageId: string, index: number) => void;
}

// Over 80 lines: one render that lays out every kind of part, the editor and the footer in order; the footer's parts are their own (lazy) components.
const MessageBase = forwardRef<HTMLDivElement, MessageProps>(function Message(
  {
    message,
    live = false,
    cancelled = false,
    onRetry,
    onCitationClick,
    onEdit: onEditProp,
    onRegenerate: onRegenerateProp,
    onFeedback: onFeedbackProp,
    branch: branchProp,
    onSwitchBranch: onSwitchBranchProp,
    className,
    ...rest
  },
  ref,
) {
  const components = useChatComponents();
  const footerParts = useMessageFooterParts(ChatLabelsContext);
  const labels = useLabelsOver(partLabels);
  const givenLabels = useContext(ChatLabelsContext);
  const {
    ToolCallCard = DefaultToolCallCard,
    StatusLine = DefaultStatusLine,
    Reasoning = DefaultReasoning,
    ErrorNotice = DefaultErrorNotice,
    Cursor = DefaultCursor,
    // The footer's parts load in one lazy chunk; parts given in `components` need not wait for it.
    MessageActions = footerParts?.MessageActions,
    BranchPicker = footerParts?.BranchPicker,
    MessageEditor = footerParts?.MessageEditor,
  } = components;
  const listFeedback = useContext(MessageFeedbackContext);
  const onFeedback = onFeedbackProp ?? listFeedback;
  // Inside a ChatProvider the session edits, regenerates and switches versions.
  const session = useMessageSession(message.id);
  const onEdit = onEditProp ?? session.edit;
  const onRegenerate = onRegenerateProp ?? session.regenerate;
  const onSwitchBranch = onSwitchBranchProp ?? session.switchBranch;
  const branch = branchProp ?? session.branch;
  const [editing, setEditing] = useState(false);
  const { id } = message;
  // A rating is recorded by the session (server and tabs) and told to the app's onFeedback.
  const rate = (messageId: string, value: MessageFeedback | null): void => {
    session.feedback?.(messageId, value).catch(() => undefined);
    onFeedback?.(messageId, value);
  };
  usePreloadToolCallCard(live, ToolCallCard);
  const markdown = useMemo(() => markdownComponents(components), [components]);
  // The reducer keeps one citations part per message, whose identity changes only when
  // sources arrive: passing its array keeps StreamingMarkdown's finished blocks memoized.
  const citations = message.parts.find((part): part is CitationsPart => part.type === 'citations')?.citations ?? NO_CITATIONS;

  const parts = message.parts;
  const lastIndex = parts.length - 1;
  let lastStatus = -1;
  parts.forEach((part, index) => {
    if (part.type === 'status') lastStatus = index;
  });

  const rendered: ReactNode[] = parts.map((part, index) => {
    const tail = live && index === lastIndex;
    switch (part.type) {
      case 'text':
        if (editing) return null;
        if (message.role === 'user') {
          return (
            <div key={index} className="cw-message-text" dir="auto">
              {part.text}
            </div>
          );
        }
        return (
          <StreamingMarkdown
            key={index}
            streaming={tail}
            citations={citations}
            onCitationClick={onCitationClick}
            components={markdown}
            labels={givenLabels}
          >
            {part.text}
          </StreamingMarkdown>
        );
      case 'reasoning':
        return <Reasoning key={index} text={part.text} streaming={tail} />;
      case 'tool-call':
        return <ToolCallCard key={part.toolCallId} part={part} />;
      case 'status':
        return index === lastStatus ? <StatusLine key={index} text={part.text} live={tail} /> : null;
      case 'error':
        return <ErrorNotice key={index} error={part} onRetry={onRetry} />;
      case 'citations':
        return null;
    }
  });

  const stopped = cancelled || message.finishReason === 'cancelled';
  const last = parts[lastIndex];
  // No cursor while the answer waits for a person (an approval, an interrupted page tool's choice): nothing is being written.
  const waiting = live && last?.type !== 'text' && !(last?.type === 'tool-call' && (last.state === 'awaiting-approval' || last.interrupted));

  return (
    <div
      ref={ref}
      {...rest}
      className={cx('cw-message', className)}
      data-role={message.role}
      data-live={live ? 'true' : undefined}
      data-finish-reason={message.finishReason}
      data-cancelled={stopped ? 'true' : undefined}
      data-message-id={message.id}
      data-editing={editing ? 'true' : undefined}
    >
      {editing && onEdit && MessageEditor && (
        <MessageEditor
          defaultValue={joinText(parts)}
          onCancel={() => setEditing(false)}
          onSave={(text) => {
            setEditing(false);
            void onEdit(id, text);
          }}
        />
      )}
      {rendered}
      {waiting && <Cursor />}
      {stopped && <div className="cw-message-note">{labels.stopped}</div>}
      <div className="cw-message-footer">
        {branch && onSwitchBranch && BranchPicker && (
          <BranchPicker index={branch.index} count={branch.count} group={message.parentId} onSwitch={(index) => onSwitchBranch(id, index)} />
        )}
        {MessageActions && (
          <MessageActions
            message={message}
            live={live}
            editing={editing}
            onEdit={onEdit && (() => setEditing(true))}
            onRegenerate={onRegenerate && (() => void onRegenerate(id))}
            onFeedback={onFeedback && ((value) => rate(id, value))}
          />
        )}
      </div>
    </div>
  );
});

/**
 * One message, its parts in order: assistant text through `StreamingMarkdown` (streaming
 * only for the live message, whose last text part carries the cursor), user text as plain
 * text, reasoning, tool calls (one card each), the latest status line, errors. Parts come
 * from the nearest `components` map when replaced.
 *
 * Under the parts, a footer (`cw-message-footer`) holds the `BranchPicker` (when the message
 * has other versions) and the `MessageActions` (Copy, Edit, Regenerate, thumbs, as their
 * handlers are given); Edit swaps the text for the inline `MessageEditor`. The three load in
 * one lazy chunk on first render (their row is kept meanwhile, so nothing moves).
 *
 * State: `data-role="user|assistant"`, `data-live`, `data-cancelled`, `data-finish-reason`,
 * `data-editing`.
 *
 * @example <Message message={message} live={message.id === liveId} />
 *
 * Memoized: a message whose object did not change does not re-render.
 */
export const Message = memo(MessageBase);
