import type { TailRepair } from './prepareTail';

let loaded: TailRepair | undefined;
let loading: Promise<TailRepair> | undefined;

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
  loading ??= import('remend').then(
    ({ default: remend }) => {
      loaded = (text) => remend(text, { linkMode: 'text-only', images: false });
      return loaded;
    },
    (cause: unknown) => {
      throw new Error(
        `chatwire: could not load the tail repair chunk (remend): ${String(cause)}. ` +
          'Streaming text stays on hold-back (unfinished inline syntax is held until it closes); ' +
          'check that the remend chunk is served next to the bundle.',
        { cause },
      );
    },
  );
  return loading;
}

/**
 * The repair {@link loadTailRepair} resolved to, if it already has; else `undefined`.
 * Lets a component that mounts after the chunk arrived repair from its first render.
 *
 * @example const repair = loadedTailRepair(); // TailRepair | undefined
 */
export function loadedTailRepair(): TailRepair | undefined {
  return loaded;
}
