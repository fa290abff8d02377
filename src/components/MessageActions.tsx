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
 * Edit (its editor closed) or Regenerate (pressed) of the message `from`, whose row had the
 * focus when the message left (`gone`: an edit saved or a regeneration puts a sibling in its
 * place; a new answer is mounted again under the id the server names it): the actions of
 * that message (same `group`, the parent; another id), mounted within a second, take the
 * focus on the same action, so the keyboard keeps its place.
 */
let pendingFocus: { group: string; from: string; action: 'edit' | 'regenerate'; until: number; gone: boolean } | null = null;
const handFocus = (group: string, from: string, action: 'edit' | 'regenerate'): void => {
  pendingFocus = { group, from, action, until: Date.now() + 1000, gone: false };
};

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
  // The given rating changed (recorded, refused, or another tab's): it takes over from the one pressed.
  if (chosen && chosen.over !== given) setChosen(undefined);
  const feedback = chosen && chosen.over === given ? chosen.value : given;
  const [options, setOptions] = useState(false);
  const optionsId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const edit = useRef<HTMLButtonElement>(null);
  const row = useRef<HTMLDivElement | null>(null);
  const group = message.parentId ?? '';
  const { id } = message;
  const wasEditing = useRef(editing);
  useEffect(() => {
    if (wasEditing.current && !editing) {
      edit.current?.focus();
      handFocus(group, id, 'edit');
    }
    wasEditing.current = editing;
  }, [editing]);
  useFocusEffect(() => {
    const pending = pendingFocus;
    if (pending?.gone && pending.group === group && pending.from !== id && Date.now() <= pending.until) {
      row.current?.querySelector<HTMLElement>(`[data-action="${pending.action}"]`)?.focus();
      // A new answer is mounted again under the id the server gives it: the focus follows it there too.
      handFocus(group, id, pending.action);
    }
    // Leaving (the row is still in the page here) with the focus inside, right after Edit or Regenerate.
    return () => {
      if (pendingFocus?.from === id && row.current?.contains(document.activeElement)) pendingFocus.gone = true;
    };
  }, [group, id]);
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
        <button type="button" className="cw-action" data-action="regenerate" aria-label={labels.regenerate} title={labels.regenerate} onClick={() => {
            handFocus(group, id, 'regenerate');
            onRegenerate();
          }}>
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
