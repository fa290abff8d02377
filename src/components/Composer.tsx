'use client';
import { forwardRef, type ChangeEvent, type FormEvent, type FormHTMLAttributes } from 'react';
import { composeEventHandlers } from './composeEventHandlers';
import { cx } from './cx';
import { useControllableValue } from './useControllableValue';
import { useEnterToSend } from './useEnterToSend';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/** Props of {@link Composer}. */
export interface ComposerProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'children' | 'onChange'> {
  /** Called with the text when the user sends (Enter or the Send button). */
  onSend: (text: string) => void;
  /** Called by the Stop button while `generating`. */
  onStop?: () => void;
  /** A generation is running: the Send button becomes Stop and Enter does not send. Default `false`. */
  generating?: boolean;
  /** Sending is not allowed (e.g. no session yet); typing still works. Default `false`. */
  disabled?: boolean;
  /** Textarea placeholder. Default: the `placeholder` label (`"Send a message..."`). */
  placeholder?: string;
  /** Controlled text. */
  value?: string;
  /** Initial text when uncontrolled. Default `""`. */
  defaultValue?: string;
  /** Called on every edit (and with `""` after a send). */
  onValueChange?: (value: string) => void;
  /** Accessible name of the textarea. Default: the `messageInput` label (`"Message"`). */
  inputLabel?: string;
  /** Send button label. Default: the `send` label (`"Send"`). */
  sendLabel?: string;
  /** Stop button label. Default: the `stop` label (`"Stop"`). */
  stopLabel?: string;
  /** Focus the textarea on mount. Default `false`. */
  autoFocus?: boolean;
}

/**
 * The prompt box: a textarea and a Send button that becomes Stop while generating.
 * Enter sends, Shift+Enter adds a line, Enter while an IME is composing does nothing.
 * Send is disabled while the text is blank or sending is not allowed.
 *
 * State: `data-state="idle|generating"`, `data-empty`, `data-disabled`.
 *
 * @example <Composer onSend={chat.send} onStop={chat.stop} generating={isActive} />
 */
export const Composer = forwardRef<HTMLFormElement, ComposerProps>(function Composer(
  {
    onSend,
    onStop,
    generating = false,
    disabled = false,
    placeholder,
    value: valueProp,
    defaultValue = '',
    onValueChange,
    inputLabel,
    sendLabel,
    stopLabel,
    autoFocus = false,
    className,
    onSubmit,
    ...rest
  },
  ref,
) {
  const labels = useLabelsOver(partLabels);
  const [value, setValue] = useControllableValue(valueProp, defaultValue, onValueChange);
  const empty = value.trim() === '';
  const send = (): void => {
    if (generating || disabled || empty) return;
    onSend(value);
    setValue('');
  };
  const enterToSend = useEnterToSend(send);

  return (
    <form
      ref={ref}
      {...rest}
      className={cx('cw-composer', className)}
      data-state={generating ? 'generating' : 'idle'}
      data-empty={empty ? 'true' : undefined}
      data-disabled={disabled ? 'true' : undefined}
      onSubmit={composeEventHandlers(onSubmit, (event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        send();
      })}
    >
      <textarea
        className="cw-composer-input"
        aria-label={inputLabel ?? labels.messageInput}
        dir="auto"
        placeholder={placeholder ?? labels.placeholder}
        rows={1}
        value={value}
        autoFocus={autoFocus}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setValue(event.target.value)}
        {...enterToSend}
      />
      {generating ? (
        <button type="button" className="cw-composer-button" data-action="stop" onClick={() => onStop?.()} disabled={!onStop}>
          {stopLabel ?? labels.stop}
        </button>
      ) : (
        <button type="submit" className="cw-composer-button" data-action="send" disabled={disabled || empty}>
          {sendLabel ?? labels.send}
        </button>
      )}
    </form>
  );
});
