'use client';
import { useMemo, useRef } from 'react';
import { advanceBlockSplit, EMPTY_BLOCK_SPLIT, toBlockSplit } from '../engine/advanceBlockSplit';
import type { BlockSplit } from '../engine/createBlockSplitter';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * `text` cut into finished blocks and a live tail (see `createBlockSplitter`), scanning only
 * what was added since the last committed render. Render stays pure: the step continues from
 * the state of the last commit and changes nothing; the new state is kept once React commits
 * it. A render React discards, or StrictMode's second render, computes the same split from
 * the same state and leaves nothing behind.
 *
 * @example const split = useBlockSplit(text.slice(0, shown));
 */
export function useBlockSplit(text: string): BlockSplit {
  // Only ever holds a state some commit rendered; reading it in render is a cache lookup,
  // and any state gives the same split of `text` (a step from an unrelated one starts over).
  const committed = useRef(EMPTY_BLOCK_SPLIT);
  const state = useMemo(() => advanceBlockSplit(committed.current, text), [text]);
  useIsomorphicLayoutEffect(() => {
    committed.current = state;
  }, [state]);
  return useMemo(() => toBlockSplit(state), [state]);
}
