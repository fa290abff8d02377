'use client';
import { useEffect, useState } from 'react';
import type { LazyChunk } from '../engine/lazyChunk';
import { messageOf } from '../../core/messageOf';

const warned = new Set<LazyChunk<unknown>>();

/**
 * A lazy chunk's value once loaded (`undefined` before; `null` if loading failed). Starts
 * the load the first time `needed`; re-renders when it arrives. A failed load logs one
 * `console.warn` per page and chunk.
 *
 * @example const repair = useLazyChunk(tailRepairChunk, streaming);
 */
export function useLazyChunk<T>(chunk: LazyChunk<T>, needed: boolean): T | null | undefined {
  const [value, setValue] = useState<T | null | undefined>(chunk.loaded);
  useEffect(() => {
    if (!needed || value !== undefined) return;
    let live = true;
    chunk.load().then(
      (loaded) => live && setValue(() => loaded),
      (error: unknown) => {
        if (!warned.has(chunk)) console.warn(messageOf(error));
        warned.add(chunk);
        if (live) setValue(null);
      },
    );
    return () => {
      live = false;
    };
  }, [chunk, needed, value]);
  return value;
}
