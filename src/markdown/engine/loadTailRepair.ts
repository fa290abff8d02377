import { lazyChunk } from './lazyChunk';
import type { TailRepair } from './prepareTail';

/** remend, loaded on demand; internal (`StreamingMarkdown` uses it through `useLazyChunk`). */
export const tailRepairChunk = lazyChunk<TailRepair>(
  'tail repair chunk (remend)',
  () => import('remend').then(({ default: remend }) => (text) => remend(text, { linkMode: 'text-only', images: false })),
  'Streaming text stays on hold-back; serve the chunk next to the bundle.',
);

/**
 * Loads remend (a separate chunk, fetched once) and resolves to the repair `prepareTail`
 * uses while streaming once it is there: unfinished inline syntax is completed instead of
 * held back (`**bol` renders bold, `[text](htt` as `text`). The promise is cached: every
 * call returns the same one, also when loading failed (it then rejects every time; stay
 * on hold-back). `StreamingMarkdown` calls it the first time it renders while streaming.
 *
 * @example
 * ```ts
 * const repair = await loadTailRepair();
 * prepareTail('Some **bol', { openFence: false, repair }); // 'Some **bol**'
 * ```
 */
export function loadTailRepair(): Promise<TailRepair> {
  return tailRepairChunk.load();
}

/**
 * The repair {@link loadTailRepair} resolved to, if it already has; else `undefined`.
 * Lets a component that mounts after the chunk arrived repair from its first render.
 *
 * @example const repair = loadedTailRepair(); // TailRepair | undefined
 */
export function loadedTailRepair(): TailRepair | undefined {
  return tailRepairChunk.loaded();
}
