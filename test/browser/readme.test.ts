import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { launchChromium } from '../support/chromium';
import { createConsumer, packTarball, repoRoot, type Consumer } from '../support/packedPackage';

/**
 * The README as a new user follows it: its code blocks become the files of an app that
 * installed the packed tarball; they are type-checked as they are, then run: the server of
 * server.mjs (no login: everyone is 'anonymous'), the widget of App.tsx and the custom chat
 * of SupportChat.tsx in Chromium through the Vite dev server of vite.config.ts (its proxy
 * forwards /api to the chat server), decode.mjs against that server, and signed-in.mjs with
 * and without its session cookie. Offline: the app links the repository's installed packages.
 */
const run = promisify(execFile);

interface Block {
  lang: string;
  file: string;
  code: string;
}

/** The README's code blocks (not the shell ones); a block named by its first line (`// server.mjs: ...`) keeps that name. */
export function readmeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const match of markdown.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)) {
    const [, indent = '', lang = '', body = ''] = match;
    if (lang === 'sh') continue;
    const code = body
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n');
    const named = /^\/\/ ([\w.-]+\.(?:mjs|js|ts|tsx))\b/.exec(code)?.[1];
    blocks.push({ lang, code, file: named ?? `block-${blocks.length + 1}.${lang === 'tsx' ? 'tsx' : lang === 'ts' ? 'ts' : 'mjs'}` });
  }
  return blocks;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = readmeBlocks(readme);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node <file>` in the app with PORT; resolves once the port answers. */
async function startNode(app: Consumer, file: string, port: number): Promise<ChildProcess> {
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

let app: Consumer;
let server: ChildProcess | undefined;
let vite: ViteDevServer | undefined;
let browser: Browser | undefined;
let port = 0;
let pageUrl = '';

beforeAll(async () => {
  const files = Object.fromEntries(blocks.map((block) => [block.file, block.code]));
  app = createConsumer(packTarball(), {
    ...files,
    // The page around the README's components (what an app's index.html and main.tsx are).
    'index.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>readme</title><div id="root"></div><script type="module" src="/main.tsx"></script>',
    'main.tsx': [
      "import { createRoot } from 'react-dom/client';",
      "import { App } from './App';",
      "import { SupportChat } from './SupportChat';",
      "createRoot(document.getElementById('root')!).render(location.hash === '#compose' ? <SupportChat /> : <App />);",
    ].join('\n'),
    'tsconfig.json': JSON.stringify({
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
    }),
  });
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

/** A page of the app that records failed requests and console errors. */
async function open(hash: string, width = 1280): Promise<{ page: Page; failed: string[]; errors: string[] }> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const failed: string[] = [];
  const errors: string[] = [];
  page.on('requestfailed', (request) => failed.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${pageUrl}${hash}`);
  return { page, failed, errors };
}

describe('README code blocks', () => {
  it('are found: the server, the widget, the dev proxy, cross-origin, signed-in, compose-your-own, decode', () => {
    expect(blocks.map((block) => block.file)).toEqual(
      expect.arrayContaining(['server.mjs', 'App.tsx', 'vite.config.ts', 'CrossOrigin.tsx', 'signed-in.mjs', 'SupportChat.tsx', 'decode.mjs']),
    );
  });

  it('type-check against the packed package', async () => {
    const result = await run(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app.dir, encoding: 'utf8' }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe('');
  }, 300_000);

  it('the widget answers through the dev proxy, and no request is aborted or fails on the way', async () => {
    const { page, failed, errors } = await open('#widget');
    await page.getByRole('textbox', { name: 'Message' }).fill("What's the weather in Paris and Rome?");
    await page.keyboard.press('Enter');
    await page.locator('.cw-widget[data-phase="complete"]').waitFor({ timeout: 60_000 });
    const answer = page.locator('.cw-message[data-role="assistant"]').last();
    await expect.poll(() => answer.locator('.cw-tool-call').count()).toBeGreaterThanOrEqual(2);
    expect(await answer.innerText()).toMatch(/Paris/);
    await page.waitForTimeout(500); // a request aborted after `done` would fail now
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("at 1000 px the error notice's Retry button keeps its label on one line", async () => {
    const { page } = await open('#widget', 1000);
    // A prompt over the server's maxMessageChars: a 400 whose message takes several lines beside the button.
    await page.getByRole('textbox', { name: 'Message' }).fill('x'.repeat(33_000));
    await page.keyboard.press('Enter');
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor({ timeout: 60_000 });
    const lines = await retry.evaluate((button) => {
      const range = document.createRange();
      range.selectNodeContents(button);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    expect(lines).toBe(1);
    const box = await retry.boundingBox();
    const message = page.locator('.cw-error-message').last();
    const messageBox = await message.boundingBox();
    expect(await message.innerText()).toMatch(/HTTP 400/);
    expect(messageBox && box && messageBox.height > box.height).toBe(true); // the text wraps, the button does not
    expect(box && messageBox && box.x >= messageBox.x + messageBox.width - 1).toBe(true); // beside the message, not under it
    await page.close();
  });

  it('the composed chat renders text, reasoning, tool calls and sources from useMessage, live while streaming', async () => {
    const { page, errors } = await open('#compose');
    await page.getByRole('textbox', { name: 'Message' }).fill('What did the team decide about the launch?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('li.assistant[aria-busy="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    await page.locator('section[data-phase="complete"]').waitFor({ timeout: 60_000 });
    const answer = page.locator('li.assistant').last();
    expect(await answer.getAttribute('aria-busy')).toBe('false');
    expect(await answer.locator('.tool-call[data-state="result"]').count()).toBeGreaterThanOrEqual(2);
    expect(await answer.locator('.tool-call code').first().innerText()).toMatch(/^\w+\(\{/);
    expect(await answer.locator('details.reasoning').count()).toBeGreaterThanOrEqual(1);
    expect(await answer.locator('.sources li').count()).toBeGreaterThanOrEqual(1);
    expect(await answer.locator('h1, h2, h3, table, p').count()).toBeGreaterThan(2);
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('decode.mjs prints an answer from the server, without React', async () => {
    const { stdout } = await run(process.execPath, ['decode.mjs'], { cwd: app.dir, env: { ...process.env, PORT: String(port) }, encoding: 'utf8' });
    expect(stdout.trim().length).toBeGreaterThan(10);
  });

  it('signed-in.mjs answers 401 without its session cookie and streams with it', async () => {
    const signedInPort = await freePort();
    const child = await startNode(app, 'signed-in.mjs', signedInPort);
    try {
      const post = (cookie?: string) =>
        fetch(`http://127.0.0.1:${signedInPort}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ message: { id: 'm1', text: 'hello' } }),
        });
      const anonymous = await post();
      expect(anonymous.status).toBe(401);
      await anonymous.body?.cancel();
      const signedIn = await post('sid=a-session-id');
      expect(signedIn.status).toBe(200);
      expect(signedIn.headers.get('content-type')).toMatch(/text\/event-stream/);
      expect(await signedIn.text()).toMatch(/event: done/);
    } finally {
      child.kill();
    }
  });
});
