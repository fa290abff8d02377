'use client';
import { useEffect, useState } from 'react';

let parse: ((text: string) => unknown) | undefined;
let loading: Promise<void> | undefined;

/**
 * The arguments parsed so far from `argsText` while `streaming`, read leniently by
 * partial-json (`{"to":"ana@exa` gives `{ to: 'ana@exa' }`); `undefined` when not
 * streaming, before the parser loaded, or while the text is not the start of JSON.
 * partial-json is its own chunk, loaded on the first call that streams (once per page),
 * so apps that never render a custom card with streaming arguments never fetch it.
 *
 * @example const partial = usePartialArgs(part.argsText, part.state === 'streaming-args');
 */
export function usePartialArgs(argsText: string, streaming: boolean): unknown {
  const [, loaded] = useState(0);
  useEffect(() => {
    if (!streaming || parse) return undefined;
    let live = true;
    loading ??= import('partial-json').then((module) => {
      // A CommonJS module: its exports are on the namespace or on its `default`, per bundler.
      const api = (typeof module.parse === 'function' ? module : module.default) as Pick<typeof module, 'parse' | 'Allow'>;
      parse = (text) => {
        try {
          return api.parse(text, api.Allow.ALL) as unknown;
        } catch {
          return undefined;
        }
      };
    });
    loading.then(() => live && loaded((n) => n + 1), (error: unknown) => console.error('chatwire: partial-json did not load:', error));
    return () => {
      live = false;
    };
  }, [streaming]);
  return streaming && parse && argsText.trim() !== '' ? parse(argsText) : undefined;
}

/** Whether the partial-json chunk has loaded (tests). Internal. */
export const partialArgsLoaded = (): boolean => parse !== undefined;
