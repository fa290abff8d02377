'use client';
import { useEffect, useMemo, useReducer } from 'react';
import type { Timers } from '../../core/Timers';
import { createCitationBuffer } from '../engine/createCitationBuffer';
import { createWordBuffer } from '../engine/createWordBuffer';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/** Options of {@link useRevealedText}. */
export interface RevealedTextOptions {
  wordStallMs?: number;
  citationMaxLength?: number;
  citationTimeoutMs?: number;
  timers?: Timers;
}

/**
 * How many characters of a streaming text may be shown: whole words only (a partial word
 * after `wordStallMs` without growth) and nothing from an unresolved citation bracket on.
 * Re-renders the caller when a timer releases held text. Everything once not streaming.
 *
 * Render only measures (the buffers' `measure`); what was shown is kept, and the release
 * timers armed, after React commits: a render React discards, or StrictMode's second render,
 * starts no timer and changes no buffer.
 *
 * @example const shown = text.slice(0, useRevealedText(text, streaming));
 */
export function useRevealedText(text: string, streaming: boolean, options: RevealedTextOptions = {}): number {
  const { wordStallMs, citationMaxLength, citationTimeoutMs, timers } = options;
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const buffers = useMemo(
    () => ({
      words: createWordBuffer({ stallMs: wordStallMs, timers, onRelease: rerender }),
      brackets: createCitationBuffer({
        maxLength: citationMaxLength,
        timeoutMs: citationTimeoutMs,
        timers,
        onRelease: rerender,
      }),
    }),
    [wordStallMs, citationMaxLength, citationTimeoutMs, timers],
  );
  // In the commit itself (a layout effect): no extra passive-effect pass per token.
  useIsomorphicLayoutEffect(() => {
    buffers.words.update(text, streaming);
    buffers.brackets.update(text, streaming);
  }, [buffers, text, streaming]);
  useEffect(
    () => () => {
      // Unmount, new options, or a StrictMode remount (the effect above re-arms after it).
      buffers.words.dispose();
      buffers.brackets.dispose();
    },
    [buffers],
  );
  return Math.min(buffers.words.measure(text, streaming), buffers.brackets.measure(text, streaming));
}
