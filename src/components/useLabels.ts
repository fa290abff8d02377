'use client';
import { useContext, useMemo } from 'react';
import { ChatLabelsContext } from './ChatLabelsContext';
import { defaultLabels, type ChatLabels } from './labels';

/**
 * The whole label catalog in effect: the nearest {@link ChatLabelsContext}'s keys over the
 * English {@link defaultLabels}. For parts of your own that should speak the app's language.
 *
 * @example const { send } = useLabels();
 */
export function useLabels(): ChatLabels {
  const given = useContext(ChatLabelsContext);
  return useMemo(() => ({ ...defaultLabels, ...given }), [given]);
}
