import { fileURLToPath } from 'node:url';
import { build, type LogLevel } from 'vite';
import react from '@vitejs/plugin-react';

/** The demo's own folder (holds index.html and main.tsx). */
export const demoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Where `npm run demo` writes the built page by default. */
export const defaultDemoOutDir = fileURLToPath(new URL('./dist', import.meta.url));

/** Options of {@link buildDemo}. */
export interface BuildDemoOptions {
  /** Output folder. Default: `demo/dist`. It is emptied first. */
  outDir?: string;
  /** Vite's log level. Default: `'warn'`. */
  logLevel?: LogLevel;
}

/**
 * Builds the demo page (`demo/index.html` + `demo/main.tsx`) with Vite into a static folder
 * that {@link startDemoServer} serves. Ignores the library's own `vite.config.ts` (that one
 * builds the package in library mode).
 *
 * @example
 * ```ts
 * const { outDir } = await buildDemo({ outDir: '/tmp/chatwire-demo' });
 * ```
 */
export async function buildDemo(options: BuildDemoOptions = {}): Promise<{ outDir: string }> {
  const outDir = options.outDir ?? defaultDemoOutDir;
  await build({
    configFile: false,
    root: demoRoot,
    base: '/',
    mode: 'production',
    logLevel: options.logLevel ?? 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // shiki's grammars are big lazy chunks by design; the default 500 kB warning is noise here,
      // and so are timing notes on a busy machine.
      chunkSizeWarningLimit: 2000,
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
  });
  return { outDir };
}
