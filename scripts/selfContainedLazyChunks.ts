import { existsSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build as esbuild } from 'esbuild';
import MagicString from 'magic-string';
import type { Plugin } from 'vite';

/** The name a lazy module is emitted under: `core/sync/withTabSync.js` -> `core/sync/withTabSync.lazy.js`. */
const lazyName = (fileName: string): string => fileName.replace(/\.js$/, '.lazy.js');
const toPosix = (path: string): string => path.split(sep).join('/');
const relativeSpecifier = (fromFile: string, toFile: string): string => {
  const path = toPosix(relative(dirname(fromFile), toFile));
  return path.startsWith('.') ? path : `./${path}`;
};

interface ChunkInfo {
  fileName: string;
  imports: string[];
  dynamicImports: string[];
  isEntry: boolean;
}

/**
 * Keeps the package's lazy modules lazy in every consumer's bundler. With per-module output,
 * a module the package loads with `import()` (the protocol adapters, multi-tab sync) is also
 * reachable through static imports of public exports (`createChatDecoder`, `withTabSync`).
 * Rollup and Rolldown drop those unused static paths before splitting; esbuild does not
 * (evanw/esbuild#3704): a module reachable from a used re-exporting entry gets that entry's
 * chunk bit, so the lazy modules land in a shared chunk the app's entry imports at once.
 *
 * So each `import()` target of the package is emitted as `<name>.lazy.js`, bundled with
 * everything it needs that its importer has not already loaded; it imports only the modules
 * in the static closure of its importer (always loaded before it, so shared without cost, and
 * class identity such as `ChatwireError` is kept). The `import()` calls, and the static
 * imports of a public function that needs the chunk at once (`createChatDecoder` calls into
 * the protocol chunk), point at the `.lazy.js` files. A per-module file that nothing reaches
 * any more is removed, so a module bundled into a lazy file ships only there (checked by
 * test/unit/package/build.test.ts). Such a static importer must call into the chunk from a
 * function, never re-export it: esbuild keeps a re-exported module's chunk with the entry.
 */
export function selfContainedLazyChunks(): Plugin {
  return {
    name: 'chatwire-self-contained-lazy-chunks',
    apply: 'build',
    renderChunk(code, chunk, _options, meta) {
      const lazyTargets = new Set(Object.values(meta.chunks).flatMap((c) => c.dynamicImports));
      const dynamicTargets = chunk.dynamicImports.filter((target) => target.endsWith('.js'));
      // Entries only re-export: a public export of a lazy module keeps its per-module file there.
      const staticTargets = chunk.isEntry ? [] : chunk.imports.filter((target) => lazyTargets.has(target));
      if (dynamicTargets.length === 0 && staticTargets.length === 0) return null;
      const s = new MagicString(code);
      const retarget = (target: string, pattern: (specifier: string) => string, replace: (quote: string, specifier: string) => string): void => {
        const escaped = relativeSpecifier(chunk.fileName, target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        for (const match of code.matchAll(new RegExp(pattern(escaped), 'g'))) {
          s.overwrite(match.index, match.index + match[0].length, replace(match[1] as string, relativeSpecifier(chunk.fileName, lazyName(target))));
        }
      };
      for (const target of dynamicTargets) retarget(target, (spec) => `import\\((["'])${spec}\\1\\)`, (q, spec) => `import(${q}${spec}${q})`);
      for (const target of staticTargets) retarget(target, (spec) => `\\bfrom\\s*(["'])${spec}\\1`, (q, spec) => `from ${q}${spec}${q}`);
      return { code: s.toString(), map: s.generateMap({ hires: 'boundary' }) };
    },
    async writeBundle(options, bundle) {
      const outDir = options.dir;
      if (!outDir) this.error('selfContainedLazyChunks needs build.outDir (output.dir)');
      const chunks = new Map<string, ChunkInfo>();
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') chunks.set(output.fileName, output);
      }
      const closure = (starts: string[]): Set<string> => {
        const seen = new Set<string>();
        const queue = [...starts];
        while (queue.length > 0) {
          const file = queue.pop() as string;
          if (seen.has(file)) continue;
          seen.add(file);
          // A lazy module statically imported (by createChatDecoder) is not loaded before itself.
          for (const imported of chunks.get(file)?.imports ?? []) if (chunks.has(imported) && !importersOf.has(imported)) queue.push(imported);
        }
        return seen;
      };

      const importersOf = new Map<string, string[]>();
      for (const chunk of chunks.values()) {
        for (const target of chunk.dynamicImports) {
          if (chunks.has(target)) importersOf.set(target, [...(importersOf.get(target) ?? []), chunk.fileName]);
        }
      }
      /** What each emitted `.lazy.js` file imports (other than packages), for the reachability walk below. */
      const lazyImports = new Map<string, string[]>();
      for (const [target, importers] of importersOf) {
        // Loaded before the lazy module whichever importer loads it: in the closure of every importer.
        const closures = importers.map((importer) => closure([importer]));
        const shared = new Set([...(closures[0] ?? [])].filter((file) => closures.every((c) => c.has(file))));
        const outfile = join(outDir, lazyName(target));
        const result = await esbuild({
          absWorkingDir: outDir,
          entryPoints: [join(outDir, target)],
          outfile,
          bundle: true,
          format: 'esm',
          platform: 'neutral',
          target: 'es2022',
          sourcemap: true,
          metafile: true,
          logLevel: 'error',
          plugins: [
            {
              name: 'shared-modules-stay-imports',
              setup(build) {
                build.onResolve({ filter: /.*/ }, (args) => {
                  if (args.kind === 'entry-point') return undefined;
                  if (!args.path.startsWith('.')) return { path: args.path, external: true };
                  const file = toPosix(relative(outDir, resolve(args.resolveDir, args.path)));
                  if (args.kind === 'dynamic-import') {
                    return { path: relativeSpecifier(lazyName(target), chunks.has(file) && importersOf.has(file) ? lazyName(file) : file), external: true };
                  }
                  if (shared.has(file)) return { path: relativeSpecifier(lazyName(target), file), external: true };
                  return undefined;
                });
              },
            },
          ],
        });
        const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external && i.path.startsWith('.')));
        lazyImports.set(
          lazyName(target),
          imports.map((i) => toPosix(join(dirname(lazyName(target)), i.path))),
        );
      }

      // Remove per-module files that no entry reaches any more (statically or through the lazy files).
      const reachable = new Set<string>();
      const queue = [...chunks.values()].filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName);
      while (queue.length > 0) {
        const file = queue.pop() as string;
        if (reachable.has(file)) continue;
        reachable.add(file);
        const chunk = chunks.get(file);
        if (chunk) {
          const viaLazy = (f: string): string => (importersOf.has(f) ? lazyName(f) : f);
          queue.push(...chunk.imports.filter((f) => chunks.has(f)).map((f) => (chunk.isEntry ? f : viaLazy(f))));
          queue.push(...chunk.dynamicImports.filter((f) => chunks.has(f)).map(viaLazy));
        } else queue.push(...(lazyImports.get(file) ?? []));
      }
      for (const file of chunks.keys()) {
        if (reachable.has(file)) continue;
        for (const path of [join(outDir, file), join(outDir, `${file}.map`)]) if (existsSync(path)) rmSync(path);
      }
    },
  };
}
