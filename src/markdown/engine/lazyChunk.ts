/** A module loaded on demand, once per page: see {@link lazyChunk}. */
export interface LazyChunk<T> {
  /** Starts the load (the first time) and returns the one promise; it rejects on every call if loading failed. */
  load(): Promise<T>;
  /** The value once loaded, else `undefined`. */
  loaded(): T | undefined;
}

/**
 * One lazily loaded chunk: `load` runs once, its value is kept for synchronous use, and a
 * failure becomes an error naming the chunk, the cause and `fallback` (what happens
 * instead). Internal: the markdown renderer's remend and math/footnotes chunks.
 *
 * @example const chunk = lazyChunk('tail repair chunk (remend)', () => import('remend'), 'Streaming text stays on hold-back.');
 */
export function lazyChunk<T>(name: string, load: () => Promise<T>, fallback: string): LazyChunk<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    load: () =>
      (loading ??= load().then(
        (loaded) => (value = loaded),
        (cause: unknown) => {
          throw new Error(`chatwire: could not load the ${name}: ${String(cause)}. ${fallback}`, { cause });
        },
      )),
    loaded: () => value,
  };
}
