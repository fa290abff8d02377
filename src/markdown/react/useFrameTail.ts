'use client';
import { useMemo, useReducer, useRef } from 'react';
import { createFrameScheduler } from '../../core/session/createFrameScheduler';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/** Requests an animation frame; `null` turns coalescing off. See {@link useFrameTail}. */
export type RequestFrame = ((callback: () => void) => unknown) | null;

/** What {@link useFrameTail} says to render as the live tail block. */
export interface FrameTail {
  /** The tail's markdown (prepared for display). */
  source: string;
  /** It ends inside an open code fence. */
  openFence: boolean;
}

interface Held extends FrameTail {
  blockCount: number;
  /** The `dependency` `source` was prepared with. */
  dependency: unknown;
  /** The raw tail `source` was prepared from. */
  input: string;
  /** A tail was rendered less than a frame ago: newer text waits for the frame. */
  cooling: boolean;
  /** Newer text than `input` arrived while cooling. */
  dirty: boolean;
}

/**
 * Coalesces re-renders of the live tail block to at most one per animation frame while
 * streaming. The first update after a frame renders at once (`prepare()` runs and its
 * result is shown); later updates of the same block within that frame keep the tail
 * rendered last, and the frame re-renders with the newest text. An update that finishes a
 * block (`blockCount` changed), opens or closes a code fence, `streaming` turning off, or
 * `requestFrame === null`, or a changed `dependency` always renders at once. Users cannot see more than one update per frame; this spares a markdown
 * parse per token.
 *
 * @example const tail = useFrameTail(split.blocks.length, split.tail, split.openFence, streaming, prepare);
 */
export function useFrameTail(
  blockCount: number,
  tail: string,
  openFence: boolean,
  streaming: boolean,
  prepare: () => string,
  requestFrame?: RequestFrame,
  /** Anything else `prepare` reads (e.g. the tail repair once loaded); a change renders at once. */
  dependency?: unknown,
): FrameTail {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const held = useRef<Held>({ blockCount: -1, dependency: undefined, input: '', source: '', openFence: false, cooling: false, dirty: false });
  const coalesce = requestFrame !== null;
  const scheduler = useMemo(
    () => createFrameScheduler(requestFrame ? { requestFrame } : {}),
    [requestFrame],
  );
  const state = held.current;
  const fresh =
    !streaming ||
    !coalesce ||
    !state.cooling ||
    blockCount !== state.blockCount ||
    openFence !== state.openFence ||
    dependency !== state.dependency;
  const source = fresh ? prepare() : state.source;
  const fence = fresh ? openFence : state.openFence;

  useIsomorphicLayoutEffect(() => {
    if (!fresh) {
      if (tail !== state.input) state.dirty = true;
      return;
    }
    Object.assign(state, { blockCount, dependency, input: tail, source, openFence: fence, dirty: false });
    state.cooling = streaming && coalesce;
    if (!state.cooling) {
      scheduler.cancel();
      return;
    }
    scheduler.schedule(() => {
      state.cooling = false;
      if (!state.dirty) return;
      state.dirty = false;
      rerender();
    });
  });
  useIsomorphicLayoutEffect(
    () => () => {
      // Unmount (or a strict-mode remount): nothing is pending any more; render fresh next time.
      scheduler.cancel();
      state.cooling = false;
    },
    [scheduler, state],
  );
  return { source, openFence: fence };
}
