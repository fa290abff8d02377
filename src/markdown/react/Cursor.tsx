'use client';
import { forwardRef, type HTMLAttributes } from 'react';

/** Props of {@link Cursor}: any span attributes. */
export type CursorProps = HTMLAttributes<HTMLSpanElement>;

/**
 * The blinking cursor shown at the end of a streaming answer. Purely decorative
 * (`aria-hidden`); the blink is a CSS animation (`cw-cursor-blink` in styles.css) that
 * stops under `prefers-reduced-motion: reduce`.
 *
 * Class `cw-cursor`; CSS variables `--cw-cursor-color` (default `currentColor`),
 * `--cw-cursor-width` (default `0.5em`).
 *
 * @example <p>Hello<Cursor /></p>
 */
export const Cursor = forwardRef<HTMLSpanElement, CursorProps>(function Cursor(
  { className, ...rest },
  ref,
) {
  return (
    <span
      ref={ref}
      aria-hidden="true"
      data-state="blinking"
      {...rest}
      className={className ? `cw-cursor ${className}` : 'cw-cursor'}
    />
  );
});
