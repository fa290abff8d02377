'use client';
import { useEffect, useState, type Context } from 'react';
import type { ChatLabels } from './labels';

/** `MessageActions`, `BranchPicker` and `MessageEditor`: the parts under a message. */
export type MessageFooterParts = ReturnType<typeof import('./messageFooterParts')['messageFooterParts']>;

let loaded: MessageFooterParts | undefined;
let loading: Promise<MessageFooterParts> | undefined;

/**
 * The footer parts of a message, from one lazy chunk: `undefined` until it has loaded (the
 * first render of a page asks for it), then the parts at once, on every later render and
 * mount, without suspending. A chunk that fails to load leaves the footer empty; the next
 * message mounted asks again. `pageLabels` is the page's `ChatLabelsContext`, which the parts
 * read their words from (see `messageFooterParts`). Internal.
 *
 * @example const parts = useMessageFooterParts(ChatLabelsContext); return parts ? <parts.MessageActions message={m} /> : null;
 */
export function useMessageFooterParts(pageLabels: Context<Partial<ChatLabels>>): MessageFooterParts | undefined {
  const [parts, setParts] = useState(loaded);
  useEffect(() => {
    if (parts) return;
    loading ??= import('./messageFooterParts').then((module) => (loaded = module.messageFooterParts(pageLabels)));
    loading.then(setParts, () => {
      loading = undefined;
    });
  }, [parts]);
  return parts;
}
