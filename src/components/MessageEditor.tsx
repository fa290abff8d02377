'use client';
import { forwardRef, useEffect, useRef, useState, type FormHTMLAttributes, type KeyboardEvent } from 'react';
import { cx } from './cx';
import { footerLabels } from './messageActionLabels';
import { useLabelsOver } from './useLabelsOver';
import { useEnterToSend } from './useEnterToSend';

/** Props of {@link MessageEditor}. */
export interface MessageEditorProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'children' | 'onSubmit' | 'defaultValue'> {
  /** The text the editor starts with (the prompt being edited). */
  defaultValue: string;
  /** Called with the new text on Save or Enter (not while it is blank). */
  onSave: (text: string) => void;
  /** Called on Cancel or Escape. */
  onCancel: () => void;
}

/**
 * The inline editor of a user message: a textarea (focused, text selected at its end) with
 * Save and Cancel. Enter or Save submits, Shift+Enter adds a line, Enter while an IME is
 * composing does nothing, Escape cancels. Save is disabled while the text is blank.
 *
 * State: `data-empty` on `cw-message-editor`.
 *
 * @example <MessageEditor defaultValue={text} onSave={(next) => void edit(message.id, next)} onCancel={close} />
 */
export const MessageEditor = forwardRef<HTMLFormElement, MessageEditorProps>(function MessageEditor(
  { defaultValue, onSave, onCancel, className, ...rest },
  ref,
) {
  const labels = useLabelsOver(footerLabels);
  const [value, setValue] = useState(defaultValue);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const end = input.current?.value.length ?? 0;
    input.current?.focus();
    input.current?.setSelectionRange(end, end);
  }, []);
  const empty = value.trim() === '';
  const save = (): void => {
    if (!empty) onSave(value);
  };
  const enterToSave = useEnterToSend(save);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else enterToSave.onKeyDown(event);
  };

  return (
    <form
      ref={ref}
      {...rest}
      className={cx('cw-message-editor', className)}
      data-empty={empty ? 'true' : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <textarea
        ref={input}
        className="cw-message-editor-input"
        aria-label={labels.editInput}
        value={value}
        rows={Math.min(8, value.split('\n').length)}
        onChange={(event) => setValue(event.target.value)}
        {...enterToSave}
        onKeyDown={onKeyDown}
      />
      <div>
        <button type="button" className="cw-message-editor-button" data-action="cancel" onClick={onCancel}>
          {labels.cancel}
        </button>
        <button type="submit" className="cw-message-editor-button" data-action="save" disabled={empty}>
          {labels.save}
        </button>
      </div>
    </form>
  );
});
