#!/usr/bin/env node
// `npm run build`: what the package ships, in dist/ (or `--out-dir <dir>`):
// 1. JavaScript: `vite build` (vite.config.ts): one ES module per source module, lazy chunks
//    self-contained, `'use client'` on the React modules, React's calls marked pure.
// 2. Types: `tsc` declarations (tsconfig.build.json) into a scratch directory, bundled per
//    entry by rollup-plugin-dts into dist/index.d.ts, dist/core.d.ts, dist/server.d.ts; types
//    the entries share are in one shared file that each imports (one declaration per type, so
//    `ChatwireError` or `ChatMessage` from `chatwire` and from `chatwire/core` are the same type).
//    Relative imports carry `.js`, so the types resolve under `moduleResolution` `bundler`,
//    `node16` and `nodenext`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
const outDir = resolve(root, values['out-dir']);
/** The package's entries: `exports` subpath -> source entry (the JS entries are in vite.config.ts). */
const entries = { index: 'index', core: 'core/index', server: 'server/index' };

await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });

const declarations = mkdtempSync(join(tmpdir(), 'chatwire-declarations-'));
try {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', declarations], {
    cwd: root,
    stdio: 'inherit',
  });
  const bundle = await rollup({
    input: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, join(declarations, `${source}.d.ts`)])),
    plugins: [dts()],
    // Packages (react, zustand, hast, node:http, ...) stay imports; only chatwire's own files are bundled.
    external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  });
  await bundle.write({
    dir: outDir,
    format: 'es',
    entryFileNames: '[name].d.ts',
    chunkFileNames: 'shared/[name].ts',
  });
  await bundle.close();
} finally {
  rmSync(declarations, { recursive: true, force: true });
}
