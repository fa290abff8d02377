'use client';
import { useEffect, useState } from 'react';

/** `MessageActions`, `BranchPicker` and `MessageEditor`: the parts under a message. */
export type MessageFooterParts = typeof import('./messageFooterParts');

let loaded: MessageFooterParts | undefined;
let loading: Promise<MessageFooterParts> | undefined;

/**
 * The footer parts of a message, from one lazy chunk: `undefined` until it has loaded (the
 * first render of a page asks for it), then the parts at once, on every later render and
 * mount, without suspending. A chunk that fails to load leaves the footer empty; the next
 * message mounted asks again. Internal.
 *
 * @example const parts = useMessageFooterParts(); return parts ? <parts.MessageActions message={m} /> : null;
 */
export function useMessageFooterParts(): MessageFooterParts | undefined {
  const [parts, setParts] = useState(loaded);
  useEffect(() => {
    if (parts) return;
    loading ??= import('./messageFooterParts').then((module) => (loaded = module));
    loading.then(setParts, () => {
      loading = undefined;
    });
  }, [parts]);
  return parts;
}
