'use client';
import { useEffect, useState } from 'react';
import { loadedTailRepair, loadTailRepair } from '../engine/loadTailRepair';
import type { TailRepair } from '../engine/prepareTail';
import { messageOf } from '../../core/messageOf';

let warned = false;

/**
 * The remend tail repair once its chunk has loaded, else `undefined` (prepare the tail with
 * hold-back meanwhile). Starts the load the first time a component renders with
 * `streaming`; re-renders it when the repair arrives. A failed load leaves `undefined` for
 * good and logs one `console.warn` per page.
 *
 * @example const repair = useTailRepair(streaming);
 */
export function useTailRepair(streaming: boolean): TailRepair | undefined {
  const [repair, setRepair] = useState(loadedTailRepair);
  useEffect(() => {
    if (!streaming || repair) return;
    let mounted = true;
    loadTailRepair().then(
      (loaded) => {
        if (mounted) setRepair(() => loaded);
      },
      (error: unknown) => {
        if (warned) return;
        warned = true;
        console.warn(messageOf(error));
      },
    );
    return () => {
      mounted = false;
    };
  }, [streaming, repair]);
  return repair;
}
