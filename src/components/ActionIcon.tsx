'use client';

/** Outline paths (24 x 24, drawn with the text colour) of the message action icons. */
const PATHS = {
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  copied: 'M5 13l4 4L19 7',
  more: 'M7 10l5 5 5-5',
  edit: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
  regenerate: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  up: 'M7 10v10H4V10zM7 10l4-7c1.5 0 2.5 1 2.2 2.6L12.6 10H19a2 2 0 0 1 2 2.3l-1.3 6.9A2 2 0 0 1 17.7 21H7',
  previous: 'M15 18l-6-6 6-6',
  next: 'M9 18l6-6-6-6',
} as const;

/** The name of an icon {@link ActionIcon} draws; `down` is `up` turned over. */
export type ActionIconName = keyof typeof PATHS | 'down';

/**
 * A small inline icon of the message actions and the branch picker, hidden from assistive
 * technology (the button carries the name); the version arrows turn around in right-to-left
 * text (`cw-icon-directional`). Internal.
 *
 * @example <button aria-label="Copy"><ActionIcon name="copy" /></button>
 */
export function ActionIcon({ name }: { name: ActionIconName }) {
  return (
    <svg className={name === 'previous' || name === 'next' ? 'cw-icon cw-icon-directional' : 'cw-icon'} viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={PATHS[name === 'down' ? 'up' : name]} transform={name === 'down' ? 'matrix(1 0 0 -1 0 24)' : undefined} />
    </svg>
  );
}
