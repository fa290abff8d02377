import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { codeBlocks, docsAppSuite, freePort, startNode } from '../support/docsApp';
import { repoRoot } from '../support/packedPackage';

/**
 * The README as a new user follows it: its code blocks become the files of an app that
 * installed the packed tarball; they are type-checked as they are, then run: the server of
 * server.mjs (no login: everyone is 'anonymous'), the widget of App.tsx and the custom chat
 * of SupportChat.tsx in Chromium through the Vite dev server of vite.config.ts (its proxy
 * forwards /api to the chat server), decode.mjs against that server, and signed-in.mjs with
 * and without its session cookie. Offline: the app links the repository's installed packages.
 */
const run = promisify(execFile);

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = codeBlocks(readme);

const suite = docsAppSuite('readme', {
  ...Object.fromEntries(blocks.map((block) => [block.file, block.code])),
  // The page around the README's components (what an app's index.html and main.tsx are).
  'index.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>readme</title><div id="root"></div><script type="module" src="/main.tsx"></script>',
  'main.tsx': [
    "import { createRoot } from 'react-dom/client';",
    "import { App } from './App';",
    "import { SupportChat } from './SupportChat';",
    "createRoot(document.getElementById('root')!).render(location.hash === '#compose' ? <SupportChat /> : <App />);",
  ].join('\n'),
});
const open = (hash: string, width?: number) => suite.open(hash, width);

describe('README code blocks', () => {
  it('are found: the server, the widget, the dev proxy, cross-origin, signed-in, the conversation kept in the URL, compose-your-own, decode', () => {
    expect(blocks.map((block) => block.file)).toEqual(
      expect.arrayContaining(['server.mjs', 'App.tsx', 'vite.config.ts', 'CrossOrigin.tsx', 'signed-in.mjs', 'ChatPage.tsx', 'SupportChat.tsx', 'decode.mjs']),
    );
  });

  it('type-check against the packed package', async () => {
    expect(await suite.typecheck()).toBe('');
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
    const { stdout } = await run(process.execPath, ['decode.mjs'], { cwd: suite.app.dir, env: { ...process.env, PORT: String(suite.port) }, encoding: 'utf8' });
    expect(stdout.trim().length).toBeGreaterThan(10);
  });

  it('signed-in.mjs answers 401 without its session cookie and streams with it', async () => {
    const signedInPort = await freePort();
    const child = await startNode(suite.app, 'signed-in.mjs', signedInPort);
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
