'use client';
import { useContext, useMemo } from 'react';
import { ChatLabelsContext } from './ChatLabelsContext';

/**
 * The nearest {@link ChatLabelsContext}'s labels over `defaults` (a stable module constant).
 * Internal: the chat parts start from their own words and `ThreadList` from its own, so a
 * bundle carries only the English words of the parts it renders.
 *
 * @example const labels = useLabelsOver(partLabels);
 */
export function useLabelsOver<T extends object>(defaults: T): T {
  const given = useContext(ChatLabelsContext);
  return useMemo(() => ({ ...defaults, ...given }) as T, [defaults, given]);
}
