'use client';
import { forwardRef, type HTMLAttributes } from 'react';
import { cx } from './cx';

/** Props of {@link StatusLine}. */
export interface StatusLineProps extends HTMLAttributes<HTMLDivElement> {
  /** The progress line, e.g. "Searching across 12 conversations...". */
  text: string;
  /**
   * Whether the work it describes is still going on. A live line is a polite live region
   * (`role="status"`); a finished one is muted and italic in the theme. Default `true`.
   */
  live?: boolean;
}

/**
 * A human-readable progress line from a `status` event. `Message` shows only the latest
 * status of a message: live while the message streams, muted (`data-state="done"`) after.
 *
 * @example <StatusLine text="Searching across 12 conversations..." live />
 */
export const StatusLine = forwardRef<HTMLDivElement, StatusLineProps>(function StatusLine(
  { text, live = true, className, ...rest },
  ref,
) {
  return (
    <div
      ref={ref}
      role={live ? 'status' : undefined}
      {...rest}
      className={cx('cw-status', className)}
      data-state={live ? 'live' : 'done'}
    >
      {text}
    </div>
  );
});
