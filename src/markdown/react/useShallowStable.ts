'use client';
import { useRef } from 'react';

/**
 * Returns the previous value while the new one is shallow-equal to it (same keys or
 * items, each `===`), so inline objects and arrays passed as props do not defeat memoization.
 *
 * @example const plugins = useShallowStable(props.remarkPlugins ?? []);
 */
export function useShallowStable<T extends object>(value: T): T {
  const ref = useRef(value);
  if (ref.current !== value && !shallowEqual(ref.current, value)) ref.current = value;
  return ref.current;
}

function shallowEqual(a: object, b: object): boolean {
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every((key) => Object.hasOwn(recordB, key) && Object.is(recordA[key], recordB[key]));
}
