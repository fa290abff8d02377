/**
 * Bundle budget: min+gzip size of what an app pays for each entry point, react and
 * react-dom external, measured with esbuild (`bundle, minify, format: 'esm', splitting`) and
 * node:zlib gzip level 9, next to peers measured the same way:
 *   chatwire/core        src/core/index.ts (everything it exports)
 *   hooks                what an app that uses the hooks imports: ChatProvider, useChat,
 *                        useChatStore, useChatMetrics, useMessage, useMessageIds, and the core
 *                        they pull in (tree-shaken); the budgeted figure. Also printed: ChatProvider
 *                        + useChat alone, and src/core + src/react with every export kept
 *   ChatWidget initial   the entry chunk plus every chunk it imports statically; dynamic
 *                        imports (shiki, its engine, themes, grammars) are separate chunks
 *                        loaded on the first code block, and are listed apart
 *   peers                @ai-sdk/react's useChat, streamdown's Streamdown (initial chunk),
 *                        react-markdown + remark-gfm (what the widget embeds for markdown)
 * Also verifies that no shiki module (`shiki`, `@shikijs/*`) and no `remend` is in the widget's
 * initial chunk, and that its markdown pipeline (mdast-util-from-markdown, mdast-util-to-hast,
 * GFM tables, chatwire's processor and hast-to-React step) is, so the budget is not met by
 * loading the renderer late.
 * Budgets: hooks <= 15 kB, widget initial chunk <= 60 kB.
 * Prints PASS/FAIL per target; exits non-zero on a failed target only with BENCH_STRICT=1, so
 * `npm run bench` reports a missed budget as a figure rather than as a crashed bench.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type OutputFile } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const KB = 1000;
const budgets = { hooks: 15 * KB, widget: 60 * KB };
const external = ['react', 'react-dom', 'react/*', 'react-dom/*'];
const shikiModule = /node_modules\/(shiki|@shikijs)\//;

interface Measured {
  /** Bytes, minified, of the initial chunk(s). */
  min: number;
  /** Bytes, minified and gzipped (level 9), summed per initial file. */
  gzip: number;
  /** Minified + gzipped bytes of the lazily loaded chunks. */
  lazyGzip: number;
  lazyFiles: number;
  /** Input modules (paths) bundled into the initial chunk(s). */
  initialInputs: string[];
  /** Minified bytes per package (`chatwire src` for this repository) in the initial chunk(s). */
  byPackage: Map<string, number>;
}

/** `react-markdown`, `@scope/name`, or `chatwire src/<room>` for files of this repository. */
function packageOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  if (pkg) return pkg;
  return `chatwire ${/src\/(?:core\/)?[^/]+/.exec(input)?.[0] ?? input}`;
}

const gzipSize = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

/** The output files reachable from `entry` through static imports only. */
function staticClosure(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  for (let i = 0; i < queue.length && i < 10_000; i += 1) {
    const file = queue[i] as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
    }
  }
  return seen;
}

/** Bundles `source` (an ES module written against the repository root) and measures it. */
async function measure(name: string, source: string): Promise<Measured> {
  const outdir = await mkdtemp(join(tmpdir(), `chatwire-bundle-${name}-`));
  try {
    const result = await build({
      stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: `${name}.entry.ts` },
      absWorkingDir: root,
      bundle: true,
      minify: true,
      format: 'esm',
      splitting: true,
      platform: 'browser',
      target: 'es2022',
      outdir,
      write: false,
      metafile: true,
      external,
      loader: { '.css': 'empty' },
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const toKey = (file: OutputFile) => relative(root, file.path).split('\\').join('/');
    const entry = Object.entries(result.metafile.outputs).find(([key, output]) => output.entryPoint === '<stdin>' || key.endsWith('/stdin.js'))?.[0];
    if (!entry) throw new Error(`esbuild produced no entry chunk for ${name}; outputs: ${Object.keys(result.metafile.outputs).join(', ')}`);
    const initial = staticClosure(result.metafile, entry);
    const measured: Measured = { min: 0, gzip: 0, lazyGzip: 0, lazyFiles: 0, initialInputs: [], byPackage: new Map() };
    for (const file of result.outputFiles) {
      const key = toKey(file);
      if (!key.endsWith('.js')) continue;
      if (initial.has(key)) {
        measured.min += file.contents.length;
        measured.gzip += gzipSize(file.contents);
        for (const [input, { bytesInOutput }] of Object.entries(result.metafile.outputs[key]?.inputs ?? {})) {
          measured.initialInputs.push(input);
          const pkg = packageOf(input);
          measured.byPackage.set(pkg, (measured.byPackage.get(pkg) ?? 0) + bytesInOutput);
        }
      } else {
        measured.lazyGzip += gzipSize(file.contents);
        measured.lazyFiles += 1;
      }
    }
    return measured;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

const installed = (pkg: string) => existsSync(join(root, 'node_modules', pkg, 'package.json'));
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;

const rows: Array<{ name: string; entry: string; m: Measured | null; note?: string }> = [];
const core = await measure('core', `export * from './src/core/index';`);
rows.push({ name: 'chatwire/core', entry: 'src/core/index.ts', m: core });
const hooks = await measure(
  'hooks',
  `export { ChatProvider, useChat, useChatStore, useChatMetrics, useMessage, useMessageIds } from './src/react/index';`,
);
rows.push({ name: 'hooks (what a hooks app imports)', entry: 'src/react hooks, tree-shaken', m: hooks });
const hooksAll = await measure('hooks-all', `export * from './src/core/index';\nexport * from './src/react/index';`);
rows.push({ name: 'core + react, every export', entry: 'src/core + src/react', m: hooksAll });
const useChatOnly = await measure('use-chat', `export { ChatProvider, useChat } from './src/react/index';`);
rows.push({ name: 'ChatProvider + useChat only', entry: 'tree-shaken from src/react', m: useChatOnly });
const widget = await measure('widget', `export { ChatWidget } from './src/components/ChatWidget';`);
rows.push({ name: 'ChatWidget initial chunk', entry: 'src/components/ChatWidget.tsx', m: widget });
const all = await measure('all', `export * from './src/index';`);
rows.push({ name: 'chatwire (everything)', entry: 'src/index.ts', m: all });
rows.push({
  name: 'react-markdown + remark-gfm',
  entry: 'react-markdown, remark-gfm',
  m: await measure('react-markdown', `export { default as Markdown } from 'react-markdown';\nexport { default as remarkGfm } from 'remark-gfm';`),
});
rows.push(
  installed('@ai-sdk/react')
    ? { name: '@ai-sdk/react useChat', entry: '@ai-sdk/react', m: await measure('ai-sdk', `export { useChat } from '@ai-sdk/react';`) }
    : { name: '@ai-sdk/react useChat', entry: '@ai-sdk/react', m: null, note: 'not installed: not measured' },
);
rows.push(
  installed('streamdown')
    ? { name: 'streamdown Streamdown', entry: 'streamdown', m: await measure('streamdown', `export { Streamdown } from 'streamdown';`) }
    : { name: 'streamdown Streamdown', entry: 'streamdown', m: null, note: 'not installed: not measured' },
);

console.log('min+gzip (level 9), react and react-dom external, esbuild bundle+minify+esm+splitting; 1 kB = 1000 bytes');
console.table(
  rows.map(({ name, m, note }) => ({
    bundle: name,
    'initial min': m ? kb(m.min) : note,
    'initial min+gzip': m ? kb(m.gzip) : '',
    'lazy chunks': m ? `${m.lazyFiles} files, ${kb(m.lazyGzip)} gzip` : '',
  })),
);

const shikiInInitial = widget.initialInputs.filter((input) => shikiModule.test(input));
const inWidget = (pkg: string) => widget.initialInputs.some((input) => input.includes(`node_modules/${pkg}/`));
const markdownMissing = [
  ...['mdast-util-from-markdown', 'mdast-util-to-hast', 'micromark-extension-gfm-table'].filter((pkg) => !inWidget(pkg)),
  ...['src/markdown/engine/createMarkdownProcessor.ts', 'src/markdown/react/hastToReact.ts'].filter((file) => !widget.initialInputs.includes(file)),
];
const remendInInitial = inWidget('remend');
const checks = [
  { target: `hooks (ChatProvider, useChat, useChatStore, useChatMetrics, useMessage, useMessageIds) <= ${kb(budgets.hooks)}`, actual: kb(hooks.gzip), pass: hooks.gzip <= budgets.hooks },
  { target: `ChatWidget initial chunk <= ${kb(budgets.widget)}`, actual: kb(widget.gzip), pass: widget.gzip <= budgets.widget },
  {
    target: 'no shiki module in the ChatWidget initial chunk',
    actual: shikiInInitial.length === 0 ? `none (shiki: ${widget.lazyFiles} lazy chunks)` : `${shikiInInitial.length}: ${shikiInInitial.slice(0, 3).join(', ')}`,
    pass: shikiInInitial.length === 0,
  },
  {
    target: 'markdown pipeline and GFM in the ChatWidget initial chunk',
    actual: markdownMissing.length === 0 ? 'all' : `missing: ${markdownMissing.join(', ')}`,
    pass: markdownMissing.length === 0,
  },
  {
    target: 'remend (tail repair, needed only while streaming) not in the ChatWidget initial chunk',
    actual: remendInInitial ? 'in the initial chunk' : 'lazy',
    pass: !remendInInitial,
  },
];
console.table(checks.map(({ target, actual, pass }) => ({ target, actual, result: pass ? 'PASS' : 'FAIL' })));

/** The largest contributors (minified bytes before gzip) of a bundle, to show where a budget goes. */
function contributors(label: string, m: Measured): void {
  const top = [...m.byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(`${label}: ${m.initialInputs.length} modules; largest (min bytes): ${top.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ')}`);
}
contributors('hooks', hooks);
contributors('ChatWidget initial chunk', widget);
process.exit(process.env.BENCH_STRICT === '1' && !checks.every((check) => check.pass) ? 1 : 0);
