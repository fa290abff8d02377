'use client';
import { defaultLabels } from './defaultLabels';
import type { ChatLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/**
 * The whole label catalog in effect: the nearest {@link ChatLabelsContext}'s keys over the
 * English {@link defaultLabels}. For parts of your own that should speak the app's language.
 *
 * @example const { send } = useLabels();
 */
export function useLabels(): ChatLabels {
  return useLabelsOver(defaultLabels);
}
