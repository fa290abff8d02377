import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
// The system Chromium and its flags, for the storybook project too.
import { chromiumArgs, chromiumPath } from './test/support/chromium';

/**
 * Test projects:
 * - unit: pure TypeScript (src/core, src/server) in node.
 * - component: React parts and hooks in jsdom with @testing-library/react.
 * - browser: real Chromium driven by playwright-core (reload, tabs, BroadcastChannel, layout, e2e).
 * - storybook: every story rendered in real Chromium (Vitest browser mode), `play` functions as tests.
 */
/**
 * Dependencies the stories load, some only through dynamic imports (shiki grammars). Listing
 * them lets Vite pre-bundle them up front instead of discovering them mid-run and reloading
 * the test page, which fails the stories running at that moment on a cold cache.
 */
const shikiLanguagesFile = new URL('./src/markdown/engine/shikiLanguages.ts', import.meta.url);
const storyDeps = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-markdown',
  'remark-gfm',
  'remend',
  'katex',
  'mermaid',
  'eventsource-parser',
  'zustand',
  'zustand/vanilla',
  'zustand/shallow',
  'shiki/core',
  'shiki/engine/javascript',
  'shiki/themes/github-light-high-contrast.mjs',
  'shiki/themes/github-dark-default.mjs',
  'axe-core',
  'storybook/test',
  ...(existsSync(shikiLanguagesFile)
    ? [...readFileSync(shikiLanguagesFile, 'utf8').matchAll(/import\('(shiki\/langs\/[\w.+-]+)'\)/g)].map((m) => m[1] as string)
    : []),
];

export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['test/component/**/*.test.{ts,tsx}'],
          setupFiles: ['test/support/setup-dom.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
        optimizeDeps: { include: storyDeps },
        test: {
          name: 'storybook',
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
