import type { SyntheticEvent } from 'react';

/**
 * Runs the user's handler first, then the part's own unless the user called
 * `event.preventDefault()` (the Radix convention).
 *
 * @example onClick={composeEventHandlers(props.onClick, () => setOpen(!open))}
 */
export function composeEventHandlers<E extends SyntheticEvent>(
  user: ((event: E) => void) | undefined,
  own: (event: E) => void,
): (event: E) => void {
  return (event) => {
    user?.(event);
    if (!event.defaultPrevented) own(event);
  };
}
