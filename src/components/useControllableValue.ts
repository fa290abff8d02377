'use client';
import { useState } from 'react';

/**
 * A value that works controlled (`value` given: the caller owns it) and uncontrolled (kept
 * here, starting at `defaultValue`); `setValue` updates the kept value and reports the change
 * either way. Internal to `Composer`.
 *
 * @example const [value, setValue] = useControllableValue(props.value, '', props.onValueChange);
 */
export function useControllableValue<T>(
  value: T | undefined,
  defaultValue: T,
  onChange: ((next: T) => void) | undefined,
): [T, (next: T) => void] {
  const [kept, setKept] = useState(defaultValue);
  const setValue = (next: T): void => {
    setKept(next);
    onChange?.(next);
  };
  return [value ?? kept, setValue];
}
