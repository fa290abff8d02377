'use client';
import { forwardRef, type HTMLAttributes } from 'react';
import { cx } from './cx';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/** What {@link ErrorNotice} shows: an error part or the chat's current error. */
export interface ErrorNoticeError {
  message: string;
  code?: string;
  retryable?: boolean;
}

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The error to show. */
  error: ErrorNoticeError;
  /** Called by the Retry button. Without it there is no button. */
  onRetry?: () => void;
  /** Retry button label. Default: the `retry` label (`"Retry"`). */
  retryLabel?: string;
}

/**
 * An error beside the partial answer, with a Retry button. `role="alert"`.
 *
 * State: `data-code="<code>"`, `data-retryable="true|false"`.
 *
 * @example <ErrorNotice error={chat.error} onRetry={chat.retry} />
 */
export const ErrorNotice = forwardRef<HTMLDivElement, ErrorNoticeProps>(function ErrorNotice(
  { error, onRetry, retryLabel, className, ...rest },
  ref,
) {
  const labels = useLabelsOver(partLabels);
  return (
    <div
      ref={ref}
      role="alert"
      {...rest}
      className={cx('cw-error', className)}
      data-code={error.code}
      data-retryable={error.retryable === undefined ? undefined : String(error.retryable)}
    >
      <span className="cw-error-message">{error.message}</span>
      {onRetry && (
        <button type="button" className="cw-error-retry" onClick={() => onRetry()}>
          {retryLabel ?? labels.retry}
        </button>
      )}
    </div>
  );
});
