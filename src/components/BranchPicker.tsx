'use client';
import { forwardRef, useEffect, useRef, type HTMLAttributes } from 'react';
import { ActionIcon } from './ActionIcon';
import { cx } from './cx';
import { footerLabels } from './messageActionLabels';
import { useLabelsOver } from './useLabelsOver';

/** Props of {@link BranchPicker}. */
export interface BranchPickerProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'onChange'> {
  /** The version shown, 0-based. */
  index: number;
  /** How many versions (siblings) there are. Nothing is shown below 2. */
  count: number;
  /** Shows version `index` (0-based). */
  onSwitch: (index: number) => void;
  /**
   * What the versions share (their parent message's id): switching mounts the other
   * version's message, and the picker of the same `group` mounted next gets the focus back.
   */
  group?: string;
}

/** The picker a switch was made from: the next picker of its group mounted takes the focus. */
let pendingFocus: { group: string; action: 'previous' | 'next'; until: number } | null = null;

/**
 * "‹ 2 / 3 ›": previous and next buttons ("Previous version", "Next version", disabled at
 * the ends) and the position, for a message with other versions (edits of a prompt,
 * regenerations of an answer). The group's accessible name says "Version 2 of 3".
 * Renders nothing when `count` is below 2.
 *
 * State: `data-index` (1-based), `data-count` on `cw-branch-picker`.
 *
 * @example <BranchPicker index={1} count={3} onSwitch={(i) => switchBranch(message.id, i)} />
 */
export const BranchPicker = forwardRef<HTMLDivElement, BranchPickerProps>(function BranchPicker(
  { index, count, onSwitch, group, className, ...rest },
  ref,
) {
  const labels = useLabelsOver(footerLabels);
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  useEffect(() => {
    const pending = pendingFocus;
    if (!pending || pending.group !== group || Date.now() > pending.until) return;
    pendingFocus = null;
    const { previous, next } = buttons.current;
    const wanted = pending.action === 'previous' ? previous : next;
    (wanted && !wanted.disabled ? wanted : pending.action === 'previous' ? next : previous)?.focus();
  }, [group]);
  if (count < 2) return null;

  const go = (action: 'previous' | 'next'): void => {
    if (group !== undefined) pendingFocus = { group, action, until: Date.now() + 1000 };
    onSwitch(action === 'previous' ? index - 1 : index + 1);
  };
  const button = (action: 'previous' | 'next', disabled: boolean) => (
    <button
      ref={(el) => {
        buttons.current[action] = el;
      }}
      type="button"
      className="cw-action"
      data-action={action}
      aria-label={labels[`${action}Version`]}
      title={labels[`${action}Version`]}
      disabled={disabled}
      onClick={() => go(action)}
    >
      <ActionIcon name={action} />
    </button>
  );

  return (
    <div
      ref={ref}
      role="group"
      aria-label={labels.version(index + 1, count)}
      {...rest}
      className={cx('cw-branch-picker', className)}
      data-index={index + 1}
      data-count={count}
    >
      {button('previous', index <= 0)}
      <span className="cw-branch-picker-position" aria-hidden="true">
        {index + 1} / {count}
      </span>
      {button('next', index >= count - 1)}
    </div>
  );
});
