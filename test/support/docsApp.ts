import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { createConsumer, packTarball, repoRoot, type Consumer } from './packedPackage';

const run = promisify(execFile);

/** One fenced code block of a markdown page, as a file of an app. */
export interface DocBlock {
  lang: string;
  /** The name its first line gives (`// server.mjs: ...`), else `<prefix>-<n>.<ext>`. */
  file: string;
  code: string;
}

/**
 * The code blocks of a markdown page (not the shell ones), indented ones included; a block
 * named by its first line (`// server.mjs: ...`) keeps that name, the others are
 * `<prefix>-<n>.<ext>` (n counting from 1 over the page's blocks).
 */
export function codeBlocks(markdown: string, prefix = 'block'): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const match of markdown.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)) {
    const [, indent = '', lang = '', body = ''] = match;
    if (lang === 'sh') continue;
    const code = body
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n');
    const named = /^\/\/ ([\w.-]+\.(?:mjs|js|ts|tsx))\b/.exec(code)?.[1];
    blocks.push({ lang, code, file: named ?? `${prefix}-${blocks.length + 1}.${lang === 'tsx' ? 'tsx' : lang === 'ts' ? 'ts' : 'mjs'}` });
  }
  return blocks;
}

/** A port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node <file>` in the app with PORT; resolves once the port answers (at most 20 s). */
export async function startNode(app: Consumer, file: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [file], { cwd: app.dir, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${file} exited with ${child.exitCode}: ${output}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill();
  throw new Error(`${file} did not listen on ${port}: ${output}`);
}

/** The app's `tsconfig.json`: strict, bundler resolution, as a Vite app has it (React JSX, DOM and Node types). */
export const docsAppTsconfig = JSON.stringify({
  compilerOptions: {
    strict: true,
    noEmit: true,
    module: 'esnext',
    moduleResolution: 'bundler',
    target: 'es2022',
    lib: ['es2023', 'dom', 'dom.iterable'],
    jsx: 'react-jsx',
    allowJs: true,
    checkJs: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['*.ts', '*.tsx', '*.mjs'],
});

/** What a {@link docsAppSuite} started; read it inside hooks and tests (ready after `beforeAll`). */
export interface DocsAppSuite {
  /** The app that installed the packed tarball. */
  readonly app: Consumer;
  /** The port of the app's `server.mjs`. */
  readonly port: number;
  /** Chromium, shared by the file's tests. */
  readonly browser: Browser;
  /** A page of the app at `hash`, recording failed requests and console errors. */
  open(hash: string, width?: number): Promise<{ page: Page; failed: string[]; errors: string[] }>;
  /** `tsc -p tsconfig.json` in the app: '' when the files type-check, else tsc's output. */
  typecheck(): Promise<string>;
}

/**
 * Docs followed as a new user does, in one call at the top of a browser test file: an app
 * that installed the packed tarball (offline, `createConsumer`) with `files` (the pages'
 * code blocks, the app's `index.html` and `main.tsx`; `files` must hold the README's
 * `server.mjs` and `vite.config.ts`), its `server.mjs` started on a free port, the Vite dev
 * server of its `vite.config.ts` (whose proxy forwards `/api` to that port), and Chromium;
 * all closed after the file.
 */
export function docsAppSuite(name: string, files: Record<string, string>): DocsAppSuite {
  let app: Consumer | undefined;
  let server: ChildProcess | undefined;
  let vite: ViteDevServer | undefined;
  let browser: Browser | undefined;
  let port = 0;
  let pageUrl = '';

  beforeAll(async () => {
    app = createConsumer(packTarball(), { 'tsconfig.json': docsAppTsconfig, ...files }, { name });
    port = await freePort();
    server = await startNode(app, 'server.mjs', port);
    // The README's vite.config.ts as it is; only the test's own needs on top (a free port, and
    // reading the packages this offline app links from the repository).
    process.env.PORT = String(port);
    vite = await createViteServer({
      root: app.dir,
      configFile: join(app.dir, 'vite.config.ts'),
      logLevel: 'error',
      server: { host: '127.0.0.1', port: await freePort(), strictPort: true, fs: { allow: [app.dir, repoRoot] } },
    });
    await vite.listen();
    pageUrl = `http://127.0.0.1:${vite.config.server.port}/`;
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    server?.kill();
    app?.remove();
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`docsAppSuite: ${what} is not ready (read it inside a test or hook)`);
    return value;
  };

  return {
    get app() {
      return ready(app, 'the app');
    },
    get port() {
      return port;
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
    async open(hash, width = 1280) {
      const page = await ready(browser, 'Chromium').newPage({ viewport: { width, height: 900 } });
      const failed: string[] = [];
      const errors: string[] = [];
      page.on('requestfailed', (request) => failed.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${pageUrl}${hash}`);
      return { page, failed, errors };
    },
    async typecheck() {
      return run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ready(app, 'the app').dir, encoding: 'utf8' }).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
    },
  };
}
