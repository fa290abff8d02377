/**
 * Issue 10, row 5, as the user sees it in Chromium: the widget is streaming an answer when
 * Redis is killed. The widget shows a clear error with a Retry button (never a spinner
 * forever); Retry while Redis is still down shows the 503 just as clearly; once Redis is
 * back (with its data: append-only file), Retry answers.
 */
import type { Browser, Page } from 'playwright-core';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { toNodeHandler } from '../../../src/server/node/toNodeHandler';
import { createRedisStore } from '../../../src/server/redis/createRedisStore';
import { answerText, lastAnswer, sendPrompt, waitForAnswerLength, waitForPhase, messageBox } from '../../support/chatPage';
import { bundlePage, closeServer, listenLocal, pageServer } from '../../support/bundledPage';
import { launchChromium } from '../../support/chromium';
import { startRedis, type TestRedis } from '../../support/redis';

let redis: TestRedis;
let browser: Browser | undefined;
let handler: ChatHandler | undefined;
let store: ReturnType<typeof createRedisStore> | undefined;
let server: ReturnType<typeof pageServer> | undefined;
let pageUrl = '';

beforeAll(async () => {
  redis = await startRedis({ persistent: true });
  store = createRedisStore({ url: redis.url, unavailableAfterMs: 1000 });
  handler = createChatHandler({ store, model: createMockModel({ delayMs: 6 }), heartbeatMs: 60_000 });
  const script = await bundlePage(new URL('../cors/page.tsx', import.meta.url));
  server = pageServer({ script, title: 'store outage', api: toNodeHandler(handler) });
  pageUrl = await listenLocal(server);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await handler?.close();
  await store?.close();
  await closeServer(server);
  await redis?.stop();
});

/** The widget's visible error (the notice in the last message, or the chat's own). */
const alertOf = (page: Page) => page.getByRole('alert').last();

describe('e2e: the store goes away mid-answer', () => {
  it('shows a clear error with Retry, keeps it clear while Redis is down, and Retry answers once it is back', async () => {
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      await page.goto(`${pageUrl}/?api=${encodeURIComponent(`${pageUrl}/api/chat`)}`);
      await messageBox(page).waitFor({ state: 'visible', timeout: 15_000 });
      await sendPrompt(page, 'Write something long about harbours');
      await waitForAnswerLength(page, 200, 30_000);

      await redis.kill();
      const killedAt = Date.now();
      await waitForPhase(page, 'error', 15_000);
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      const alert = alertOf(page);
      await expect.poll(() => alert.getAttribute('data-code')).toBe('store_unavailable');
      expect(await alert.innerText()).toMatch(/Redis store lost its connection.*retry in a moment/i);
      expect((await answerText(page)).length).toBeGreaterThan(100); // the partial answer is kept
      const retry = page.getByRole('button', { name: 'Retry' }).last();
      await retry.waitFor({ state: 'visible' });

      // Retry while Redis is still down: a clear 503, not a spinner.
      const refused = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat');
      await retry.click();
      expect((await refused).status()).toBe(503);
      await waitForPhase(page, 'error', 10_000);
      await expect.poll(async () => (await alertOf(page).innerText()).replace(/\s+/g, ' ')).toMatch(/503.*conversation store is unavailable/i);

      // Redis comes back with its data; the store reconnects and ends the stopped stream.
      await redis.restart();
      await expect
        .poll(async () => (await fetch(`${pageUrl}/api/chat/${new URL(page.url()).searchParams.get('c') ?? 'x'}/messages`)).status, { timeout: 15_000 })
        .not.toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await page.getByRole('button', { name: 'Retry' }).last().click();
      await waitForPhase(page, 'complete', 60_000);
      expect((await answerText(page)).length).toBeGreaterThan(500);
      expect(await lastAnswer(page).getByRole('alert').count()).toBe(0); // the earlier answers keep their errors
    } finally {
      await context.close();
    }
  });
});
