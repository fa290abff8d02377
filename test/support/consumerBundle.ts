import { realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import { build as esbuild, transform } from 'esbuild';
import { rollup } from 'rollup';
import { build as viteBuild, type Rollup } from 'vite';

/** A bundler as a consumer app runs it, in production mode, minified, with `react` and `react-dom` external. */
export type Bundler = 'esbuild' | 'vite' | 'rollup';
export const BUNDLERS: Bundler[] = ['esbuild', 'vite', 'rollup'];

/** One output file of a consumer's build. */
export interface OutputChunk {
  fileName: string;
  /** Loaded with the page: the entry and what it imports statically (not through `import()`). */
  initial: boolean;
  code: Uint8Array;
  /** Real paths of the input modules in this file, with their bytes in the output. */
  modules: Array<{ id: string; bytes: number }>;
}

const external = /^(?:react|react-dom)(?:\/|$)/;
const production = { 'process.env.NODE_ENV': '"production"' };

/**
 * Bundles `entry` (a file of a consumer app that installed chatwire, see createConsumer) the
 * way an app's build would, with code splitting, and lists the output files.
 */
export async function bundleApp(bundler: Bundler, appDir: string, entry: string): Promise<OutputChunk[]> {
  const input = join(appDir, entry);
  if (bundler === 'esbuild') return withEsbuild(appDir, input);
  if (bundler === 'vite') return withVite(appDir, input);
  return withRollup(input);
}

async function withEsbuild(appDir: string, input: string): Promise<OutputChunk[]> {
  const outdir = join(appDir, 'out-esbuild');
  const result = await esbuild({
    entryPoints: [input],
    absWorkingDir: appDir,
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir,
    write: false,
    metafile: true,
    external: ['react', 'react-dom', 'react/*', 'react-dom/*'],
    loader: { '.css': 'empty' },
    define: production,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entryPoint = relative(appDir, input).split('\\').join('/');
  const entryKey = Object.keys(outputs).find((key) => outputs[key]?.entryPoint === entryPoint);
  if (!entryKey) throw new Error(`esbuild produced no entry chunk for ${input}`);
  const initial = new Set<string>();
  const queue = [entryKey];
  while (queue.length > 0) {
    const key = queue.pop() as string;
    if (initial.has(key)) continue;
    initial.add(key);
    for (const imported of outputs[key]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
  }
  return result.outputFiles
    .filter((file) => file.path.endsWith('.js'))
    .map((file) => {
      const key = relative(appDir, file.path).split('\\').join('/');
      return {
        fileName: relative(outdir, file.path),
        initial: initial.has(key),
        code: file.contents,
        modules: Object.entries(outputs[key]?.inputs ?? {}).map(([id, { bytesInOutput }]) => ({ id: realpath(resolve(appDir, id)), bytes: bytesInOutput })),
      };
    });
}

async function withVite(appDir: string, input: string): Promise<OutputChunk[]> {
  const result = await viteBuild({
    root: appDir,
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: { polyfill: false },
      rolldownOptions: { input, external: (id) => external.test(id) },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result) as Rollup.RollupOutput;
  return fromRollupOutput(output.output);
}

/** Rollup 4 with node-resolve, as a Vite 7 or plain Rollup app would build it; minified per chunk with esbuild. */
async function withRollup(input: string): Promise<OutputChunk[]> {
  const bundle = await rollup({
    input,
    external: (id) => external.test(id),
    onwarn: () => undefined,
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
      { name: 'css-is-empty', load: (id) => (id.endsWith('.css') ? '' : null) },
      {
        name: 'minify',
        async renderChunk(code) {
          const minified = await transform(code, { minify: true, format: 'esm', target: 'es2022', define: production });
          return { code: minified.code, map: null };
        },
      },
    ],
  });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    return fromRollupOutput(output);
  } finally {
    await bundle.close();
  }
}

type AnyOutput = Rollup.RollupOutput['output'][number] | Awaited<ReturnType<Awaited<ReturnType<typeof rollup>>['generate']>>['output'][number];

function fromRollupOutput(output: readonly AnyOutput[]): OutputChunk[] {
  const chunks = output.filter((file) => file.type === 'chunk');
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const initial = new Set<string>();
  const queue = chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (initial.has(name)) continue;
    initial.add(name);
    queue.push(...(byName.get(name)?.imports ?? []).filter((imported) => byName.has(imported)));
  }
  const encoder = new TextEncoder();
  return chunks.map((chunk) => ({
    fileName: chunk.fileName,
    initial: initial.has(chunk.fileName),
    code: encoder.encode(chunk.code),
    // Virtual modules (the bundler's own runtime, such as Vite's preload helper) keep their `\0` id.
    modules: Object.entries(chunk.modules).map(([id, info]) => ({ id: id.startsWith('\0') ? id : realpath(id.replace(/\?.*$/, '')), bytes: info.renderedLength })),
  }));
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** chatwire's own files and the packages it depends on (everything in node_modules but the app's react, react-dom). */
const fromChatwire = (id: string): boolean => /\/node_modules\//.test(id) && !/\/node_modules\/(?:react|react-dom|scheduler)\//.test(id);

/**
 * chatwire's share of the initial files, gzipped: each initial file's gzip bytes times the
 * fraction of its input bytes that come from chatwire and its dependencies (not the app's own
 * code, not the bundler's runtime such as Vite's preload helper or esbuild's export helper).
 */
export function chatwireShareGzip(chunks: OutputChunk[]): number {
  let share = 0;
  for (const chunk of chunks.filter((c) => c.initial)) {
    const total = chunk.modules.reduce((sum, m) => sum + m.bytes, 0);
    const own = chunk.modules.filter((m) => fromChatwire(m.id)).reduce((sum, m) => sum + m.bytes, 0);
    if (total > 0) share += (gzipSync(chunk.code, { level: 9 }).length * own) / total;
  }
  return Math.round(share);
}

/** Gzip (level 9) bytes of the initial files, each compressed on its own as a server sends it. */
export function initialGzip(chunks: OutputChunk[]): number {
  return chunks.filter((chunk) => chunk.initial).reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
}
