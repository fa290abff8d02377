import type { Browser } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { createMockModel, type MockModel } from '../../../src/server/index';
import { answerText, conversationIdOf, lastAnswer, openDemo, sendPrompt, waitForAnswerLength, waitForPhase } from '../../support/chatPage';
import { launchChromium } from '../../support/chromium';
import { ensureDemoBuilt } from '../../support/demoBuild';

const PROMPT = 'Write something long about glaciers';
/** How soon after the click the model source must see the abort. */
const ABORT_BOUND_MS = 2_000;

/** Polls (bounded) until the mock has recorded an abort. */
async function waitForAbort(model: MockModel, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (model.abortRecords.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('e2e: Stop', () => {
  let browser: Browser;
  let demo: DemoServer;
  let model: MockModel;

  beforeAll(async () => {
    const staticDir = await ensureDemoBuilt();
    browser = await launchChromium();
    // ~1,050 events at 10 ms: a 10 s answer, so Stop lands well before the end.
    model = createMockModel({ delayMs: 10 });
    demo = await startDemoServer({ port: 0, staticDir, model });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('aborts the model on the server within the bound and keeps the partial answer, also after a reload', async () => {
    const context = await browser.newContext();
    try {
      const page = await openDemo(context, demo.url);
      await sendPrompt(page, PROMPT);
      await conversationIdOf(page);
      await waitForAnswerLength(page, 300);
      expect(model.aborts).toBe(0);

      const clickedAt = Date.now();
      await page.getByRole('button', { name: 'Stop' }).click();
      await waitForAbort(model, 5_000);

      const [record] = model.abortRecords;
      expect(record, 'the model source never saw an abort').toBeDefined();
      expect(record!.abortedAt - clickedAt).toBeLessThan(ABORT_BOUND_MS);
      expect(record!.eventsAfterAbort).toBe(0);
      expect(model.aborts).toBe(1);

      await waitForPhase(page, 'cancelled');
      const partial = await answerText(page);
      expect(partial.length).toBeGreaterThanOrEqual(300);
      expect(partial.length).toBeLessThan(3000);
      await expect.poll(() => lastAnswer(page).getAttribute('data-cancelled')).toBe('true');
      await expect.poll(() => lastAnswer(page).innerText()).toContain('Stopped');
      expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);

      // The partial answer was persisted on the server: a reload shows it again, still stopped.
      await page.reload();
      await waitForAnswerLength(page, 1, 10_000);
      await expect.poll(() => lastAnswer(page).getAttribute('data-cancelled')).toBe('true');
      const afterReload = await answerText(page);
      // The server may have written a few more characters between the click and the abort.
      expect(afterReload.startsWith(partial.slice(0, -20))).toBe(true);
      expect(afterReload.length).toBeLessThan(partial.length + 200);
      expect(await page.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
      // Nothing is generating any more: the model made exactly one call.
      expect(model.calls).toBe(1);
    } finally {
      await context.close();
    }
  });
});
