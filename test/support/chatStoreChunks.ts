import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

/** The chunks of an app that imports `createChatStore`, as {@link chatStoreChunks} bundles it. */
export interface ChatStoreChunks {
  /** esbuild's output files (metafile), by file name. */
  outputs: Metafile['outputs'];
  /** The entry chunk's file name, if esbuild made one. */
  entry: string | undefined;
  /** What the page loads at once: the entry and what it imports statically (not through `import()`), transitively. */
  initial: Set<string>;
  /** The input modules (repository paths, e.g. `src/core/sse/readSSE.ts`) of `files`. */
  inputsOf(files: Iterable<string>): string[];
  /** The input modules of every chunk the page loads later (not in `initial`). */
  lazyInputs: string[];
}

/**
 * Bundles an app whose one module is `export { createChatStore } from './src/core/store/createChatStore'`
 * with esbuild and code splitting (no minification, nothing written), and sorts its chunks
 * into what the page loads at once and what it loads later: the test of what a first render
 * carries and what waits in a lazy chunk.
 */
export async function chatStoreChunks(): Promise<ChatStoreChunks> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const result = await build({
    stdin: { contents: `export { createChatStore } from './src/core/store/createChatStore';`, resolveDir: root, loader: 'ts' },
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const { outputs } = result.metafile;
  const entry = Object.keys(outputs).find((file) => outputs[file]?.entryPoint === '<stdin>');
  const initial = new Set<string>();
  const queue = entry ? [entry] : [];
  for (let i = 0; i < queue.length && i < 1000; i += 1) {
    const file = queue[i] as string;
    if (initial.has(file)) continue;
    initial.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
  }
  const inputsOf = (files: Iterable<string>): string[] => [...files].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {}));
  return { outputs, entry, initial, inputsOf, lazyInputs: inputsOf(Object.keys(outputs).filter((file) => !initial.has(file))) };
}
