import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { pureReactCalls } from './scripts/pureReactCalls.js';
import { selfContainedLazyChunks } from './scripts/selfContainedLazyChunks.js';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

/** Everything the package depends on stays an import; the library bundles only its own code. */
const externalNames = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
];
const isExternal = (id: string): boolean =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  externalNames.some((name) => id === name || id.startsWith(`${name}/`));

export default defineConfig({
  plugins: [
    react(),
    pureReactCalls(),
    selfContainedLazyChunks(),
    {
      name: 'chatwire-styles',
      generateBundle() {
        this.emitFile({
          type: 'asset',
          fileName: 'styles.css',
          source: readFileSync(new URL('./src/styles.css', import.meta.url), 'utf8'),
        });
        // `import 'chatwire/styles.css'` resolves to this under TypeScript too (its exports'
        // `types`), so an app checked with `noUncheckedSideEffectImports` (the default from
        // TypeScript 6) needs no CSS module declaration of its own.
        this.emitFile({
          type: 'asset',
          fileName: 'styles.css.d.ts',
          source: "/** chatwire's stylesheet: import it for its side effect (`import 'chatwire/styles.css'`). */\nexport {};\n",
        });
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    target: 'es2022',
    lib: {
      entry: {
        index: 'src/index.ts',
        core: 'src/core/index.ts',
        server: 'src/server/index.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: isExternal,
      output: {
        // One output file per source module, at its source path: the consumer's bundler sees
        // the same module graph as the sources (tree-shaking per module, `import()` kept as
        // lazy chunks, a `'use client'` per React module).
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: '[name].js',
      },
    },
  },
});
