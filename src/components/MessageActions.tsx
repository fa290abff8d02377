'use client';
import { forwardRef, useEffect, useId, useLayoutEffect, useRef, useState, type FocusEvent, type HTMLAttributes, type KeyboardEvent } from 'react';
import { joinText } from '../core/session/joinText';
import type { ChatMessage, MessageFeedback } from '../core/session/types';
import { markdownToPlainText } from '../markdown/engine/markdownToPlainText';
import { ActionIcon } from './ActionIcon';
import { cx } from './cx';
import { footerLabels } from './messageActionLabels';
import { useLabelsOver } from './useLabelsOver';
import { visuallyHidden } from './visuallyHidden';

/** How long "Copied" (or the failure) stays shown after a copy, in ms. */
const COPY_NOTE_MS = 2000;

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The action that had the focus when its message was replaced by a sibling (an edit saved,
 * a regeneration, a switch from another tab): the actions of the next message of the same
 * group (parent) mounted take the focus on the same action, so the keyboard keeps its place.
 */
let pendingFocus: { group: string; action: string; until: number } | null = null;

// Server rendering has no layout effects (and no focus): the plain effect there, without a warning.
const useFocusEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/** Props of {@link MessageActions}. */
export interface MessageActionsProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The message the actions are for. */
  message: ChatMessage;
  /** The message is being written: no feedback yet. Default `false`. */
  live?: boolean;
  /**
   * The message's inline editor is open: nothing is shown; when it closes, the focus goes
   * back to Edit. Default `false`.
   */
  editing?: boolean;
  /** Opens the inline editor (user messages). Without it there is no Edit button. */
  onEdit?: () => void;
  /** Writes a new version of this answer (assistant messages). Without it there is no Regenerate button. */
  onRegenerate?: () => void;
  /**
   * The rating given to this answer, if any. Default: `message.feedback`. A thumb pressed
   * shows pressed at once, until this changes.
   */
  feedback?: MessageFeedback;
  /**
   * Rates the answer: `'up'`, `'down'`, or `null` when the pressed thumb is pressed again.
   * Without it there are no thumbs.
   */
  onFeedback?: (value: MessageFeedback | null) => void;
  /** Puts text on the clipboard. Default `navigator.clipboard.writeText`. */
  writeText?: (text: string) => Promise<void>;
}

const clipboardWrite = (text: string): Promise<void> => navigator.clipboard.writeText(text);

/**
 * The actions under a message: Copy (the text as markdown; "Copy as plain text" behind the
 * "More copy options" toggle for answers), Edit (user messages), Regenerate (answers) and
 * the thumbs "Good response" / "Bad response" (`aria-pressed` shows the rating given).
 * Actions without a handler are not shown; neither is Copy without text, nor the thumbs on
 * the answer being written. Every button is a real `<button>` in the tab order; the theme
 * shows the row on hover and focus (always on touch screens).
 *
 * State: `data-role`, `data-copy="idle|copied|failed"`, `data-feedback="up|down"` on
 * `cw-message-actions`.
 *
 * @example <MessageActions message={message} onRegenerate={() => void regenerate(message.id)} />
 */
// Over 80 lines: one row of buttons, each a few lines of JSX with its own accessible name and state; the behaviour is in the small handlers above the JSX.
export const MessageActions = forwardRef<HTMLDivElement, MessageActionsProps>(function MessageActions(
  { message, live = false, editing = false, onEdit, onRegenerate, feedback: given = message.feedback, onFeedback, writeText = clipboardWrite, className, ...rest },
  ref,
) {
  const labels = useLabelsOver(footerLabels);
  const [copy, setCopy] = useState<CopyState>('idle');
  // A rating shows at once; the given one (the message's, once recorded) takes over when it changes.
  const [chosen, setChosen] = useState<{ value: MessageFeedback | undefined; over: MessageFeedback | undefined }>();
  const feedback = chosen && chosen.over === given ? chosen.value : given;
  const [options, setOptions] = useState(false);
  const optionsId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const edit = useRef<HTMLButtonElement>(null);
  const row = useRef<HTMLDivElement | null>(null);
  const wasEditing = useRef(editing);
  useEffect(() => {
    if (wasEditing.current && !editing) edit.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const group = message.parentId ?? '';
  useFocusEffect(() => {
    const pending = pendingFocus;
    if (pending && pending.group === group && Date.now() <= pending.until) {
      const target = row.current?.querySelector<HTMLElement>(`[data-action="${pending.action}"]`);
      if (target) {
        pendingFocus = null;
        target.focus();
      }
    }
    // Unmounting (before the row leaves the page) with the focus inside: the next row of the group takes it.
    return () => {
      const focused = row.current?.contains(document.activeElement) ? document.activeElement?.getAttribute('data-action') : null;
      if (focused) pendingFocus = { group, action: focused, until: Date.now() + 2000 };
    };
  }, [group]);
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), COPY_NOTE_MS);
    return () => clearTimeout(timer);
  }, [copy]);

  const text = joinText(message.parts);
  const answer = message.role === 'assistant';
  const rate = answer && !live && text !== '' ? onFeedback : undefined;
  if (editing || (text === '' && !onEdit && !(answer && onRegenerate) && !rate)) return null;

  const copyText = (plain: boolean): void => {
    setOptions(false);
    let value = text;
    try {
      if (plain) value = markdownToPlainText(text);
      void writeText(value).then(() => setCopy('copied'), () => setCopy('failed'));
    } catch {
      setCopy('failed');
    }
  };
  const closeOnEscape = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape' || !options) return;
    event.preventDefault();
    setOptions(false);
    toggle.current?.focus();
  };
  // Focus moving to something else closes the options (a click that focuses nothing does not).
  const closeOnLeave = (event: FocusEvent<HTMLElement>): void => {
    if (event.relatedTarget instanceof Node && !event.currentTarget.contains(event.relatedTarget)) setOptions(false);
  };

  return (
    <div
      ref={(el) => {
        row.current = el;
        if (typeof ref === 'function') ref(el);
        else if (ref) ref.current = el;
      }}
      role="group"
      aria-label={labels.messageActions}
      {...rest}
      className={cx('cw-message-actions', className)}
      data-role={message.role}
      data-copy={copy}
      data-feedback={feedback}
      data-open={options ? 'true' : undefined}
      onKeyDown={closeOnEscape}
    >
      {text !== '' && (
        <button type="button" className="cw-action" data-action="copy" aria-label={labels.copy} title={labels.copy} onClick={() => copyText(false)}>
          <ActionIcon name={copy === 'copied' ? 'copied' : 'copy'} />
        </button>
      )}
      {text !== '' && answer && (
        <span className="cw-copy-options" onBlur={closeOnLeave}>
          <button
            ref={toggle}
            type="button"
            className="cw-action"
            data-action="copy-options"
            aria-label={labels.copyOptions}
            aria-expanded={options}
            aria-controls={options ? optionsId : undefined}
            onClick={() => setOptions(!options)}
          >
            <ActionIcon name="more" />
          </button>
          {options && (
            <span id={optionsId} className="cw-copy-options-list">
              <button type="button" className="cw-action" data-action="copy-plain" onClick={() => copyText(true)}>
                {labels.copyPlainText}
              </button>
            </span>
          )}
        </span>
      )}
      {onEdit && message.role === 'user' && (
        <button ref={edit} type="button" className="cw-action" data-action="edit" aria-label={labels.edit} title={labels.edit} onClick={onEdit}>
          <ActionIcon name="edit" />
        </button>
      )}
      {onRegenerate && answer && (
        <button type="button" className="cw-action" data-action="regenerate" aria-label={labels.regenerate} title={labels.regenerate} onClick={onRegenerate}>
          <ActionIcon name="regenerate" />
        </button>
      )}
      {rate &&
        (['up', 'down'] as const).map((value) => (
          <button
            key={value}
            type="button"
            className="cw-action"
            data-action={`feedback-${value}`}
            aria-label={value === 'up' ? labels.goodResponse : labels.badResponse}
            title={value === 'up' ? labels.goodResponse : labels.badResponse}
            aria-pressed={feedback === value}
            onClick={() => {
              const next = feedback === value ? null : value;
              setChosen({ value: next ?? undefined, over: given });
              rate(next);
            }}
          >
            <ActionIcon name={value} />
          </button>
        ))}
      {copy !== 'idle' && (
        <span role="status" style={visuallyHidden}>
          {copy === 'copied' ? labels.copied : labels.copyFailed}
        </span>
      )}
    </div>
  );
});
