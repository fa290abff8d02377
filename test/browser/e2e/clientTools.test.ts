/**
 * A tool the page runs (the demo's `get_local_time`), in real Chromium: with two tabs on
 * one conversation only the leading tab runs it, the result is applied once, and a reload
 * does not run it again; with two devices (two browser contexts) reading it live, only the
 * one whose claim the server wrote runs it, and the other shows it running elsewhere. The
 * demo draws it with its own card (`toolRenderers`).
 */
import type { Page } from 'playwright-core';
import { answerText, conversationIdOf, sendPrompt, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const runs = (page: Page): Promise<number> => page.evaluate(() => Number(localStorage.getItem('chatwire:demo:localTimeRuns') ?? '0'));

describe('e2e: a tool the page runs', () => {
  const e2e = demoSuite({ mock: { delayMs: 2 } });

  it('runs once across two tabs and a reload, and both tabs show the answer that used it', async () => {
    const context = await e2e.newContext();
    const first = await e2e.open(context);
    await sendPrompt(first, 'hello');
    const conversationId = await conversationIdOf(first);
    await waitForPhase(first, 'complete');
    const second = await e2e.open(`?c=${conversationId}`, context);
    await second.locator('.cw-message[data-role="assistant"]').first().waitFor({ timeout: 15_000 });

    await sendPrompt(second, 'What time is it here?');
    for (const page of [first, second]) {
      await waitForPhase(page, 'complete');
      await page.locator('.cw-tool-call[data-tool="get_local_time"][data-state="result"]').waitFor({ timeout: 15_000 });
      expect(await answerText(page)).toMatch(/^Your browser says it is \d{1,2}:\d{2}.* \(.+\)\.$/);
      // The demo draws this tool with its own card (toolRenderers): the time, not JSON.
      const clock = page.locator('.cw-tool-call.cw-tool-custom[data-tool="get_local_time"] .demo-clock-time');
      expect(await clock.innerText()).toMatch(/\d{1,2}:\d{2}/);
    }
    expect(await runs(first)).toBe(1);

    await first.reload();
    await second.reload();
    for (const page of [first, second]) {
      await page.locator('.cw-tool-call[data-tool="get_local_time"][data-state="result"]').waitFor({ timeout: 15_000 });
      expect(await answerText(page)).toMatch(/^Your browser says it is /);
    }
    expect(await runs(first)).toBe(1);
  });

  it('two devices read the answer live: exactly one claims and runs the call, the other shows it running on another device', async () => {
    const laptop = await e2e.newContext();
    const phone = await e2e.newContext();
    for (const context of [laptop, phone]) {
      await context.addInitScript(() => localStorage.setItem('chatwire:demo:localTimeDelayMs', '1500'));
    }
    const a = await e2e.open(laptop);
    await sendPrompt(a, 'hello');
    const conversationId = await conversationIdOf(a);
    await waitForPhase(a, 'complete');
    // The same user on another device: its sign-in (the demo's cookie), not its browser storage.
    await phone.addCookies(await laptop.cookies());
    const b = await e2e.open(`?c=${conversationId}`, phone);
    await b.locator('.cw-message[data-role="assistant"]').first().waitFor({ timeout: 15_000 });

    await sendPrompt(a, 'What time is it here?');
    const card = (page: Page) => page.locator('.cw-tool-call.cw-tool-custom[data-tool="get_local_time"]');
    // While the claimant runs it (1.5 s), each device says where it runs.
    const claimOn = (page: Page) => card(page).getAttribute('data-claim', { timeout: 200 }).catch(() => 'missing');
    await expect
      .poll(async () => [await claimOn(a), await claimOn(b)].sort().join(' '), { timeout: 15_000 })
      .toBe('elsewhere here');
    const other = (await card(a).getAttribute('data-claim')) === 'elsewhere' ? a : b;
    expect(await card(other).innerText()).toContain('Another device is reading its clock...');

    for (const page of [a, b]) {
      await waitForPhase(page, 'complete');
      await page.locator('.cw-tool-call[data-tool="get_local_time"][data-state="result"]').waitFor({ timeout: 15_000 });
      expect(await answerText(page)).toMatch(/^Your browser says it is /);
    }
    expect((await runs(a)) + (await runs(b))).toBe(1);
    expect(await answerText(a)).toBe(await answerText(b));
  });
});
