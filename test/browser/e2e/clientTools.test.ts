/**
 * A tool the page runs (the demo's `get_local_time`), in real Chromium: with two tabs on
 * one conversation only the leading tab runs it, the result is applied once, and a reload
 * does not run it again; with two devices (two browser contexts) reading it live, only the
 * one whose claim the server wrote runs it, and the other shows it running elsewhere. A
 * reload mid-run runs it again (one result); a switch to another conversation and back does
 * not. A reload that cuts a run short of a tool that asks (`onReload: 'ask'`) leaves the
 * call waiting for the user's choice on every device: the first answer wins, and another
 * device can answer when the one that ran it is gone. The demo draws it with its own card
 * (`toolRenderers`).
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { answerText, conversationIdOf, phaseOf, sendPrompt, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const runs = (page: Page): Promise<number> => page.evaluate(() => Number(localStorage.getItem('chatwire:demo:localTimeRuns') ?? '0'));
const clockCard = (page: Page) => page.locator('.cw-tool-call.cw-tool-custom[data-tool="get_local_time"]');
const clockResult = (page: Page) => page.locator('.cw-tool-call[data-tool="get_local_time"][data-state="result"]').waitFor({ timeout: 15_000 });
/** Waits until this page's own run of the call is under way (its claim is this browser's). */
const runningHere = (page: Page) =>
  expect.poll(() => clockCard(page).getAttribute('data-claim', { timeout: 200 }).catch(() => 'missing'), { timeout: 15_000 }).toBe('here');

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

  it('a reload while the page runs the call runs it again in the reloaded page (onReload "rerun", the default); the answer gets one result', async () => {
    const context = await e2e.newContext();
    await context.addInitScript(() => localStorage.setItem('chatwire:demo:localTimeDelayMs', '3000'));
    const page = await e2e.open(context);
    await sendPrompt(page, 'What time is it here?');
    const conversationId = await conversationIdOf(page);
    await runningHere(page);
    await page.reload();
    await waitForPhase(page, 'complete');
    await clockResult(page);
    expect(await answerText(page)).toMatch(/^Your browser says it is /);
    // The cut run never finished; the reloaded page's run is the one result the server took.
    expect(await runs(page)).toBe(1);
    const history = await page.evaluate(async (id) => (await (await fetch(`/api/chat/${id}/messages`)).json()) as { messages: Array<{ parts: Array<{ type: string; name?: string; state?: string }> }> }, conversationId);
    expect(history.messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool-call' && p.name === 'get_local_time').map((p) => p.state)).toEqual(['result']);
  });

  it('a switch to another conversation and back while the page runs the call: it is not run again, and the answer ends with its one result', async () => {
    const context = await e2e.newContext();
    await context.addInitScript(() => localStorage.setItem('chatwire:demo:localTimeDelayMs', '3000'));
    const page = await e2e.open(context);
    await sendPrompt(page, 'What time is it here?');
    const first = await conversationIdOf(page);
    await runningHere(page);
    const away = async () => {
      await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'New conversation' }).click();
      await page.waitForURL((url) => !url.searchParams.has('c'));
      await page.locator(`.cw-thread[data-conversation-id="${first}"] .cw-thread-open`).click();
      await page.waitForURL((url) => url.searchParams.get('c') === first);
    };
    await away();
    await waitForPhase(page, 'complete');
    await clockResult(page);
    expect(await answerText(page)).toMatch(/^Your browser says it is /);
    // And once more after it ended: a finished call is never run again.
    await away();
    await clockResult(page);
    expect(await runs(page)).toBe(1);
  });

  /** The laptop runs the call (slowly), a reload cuts the run short, and its tool asks: the call waits for the user's choice. */
  async function interruptedOnLaptop(laptop: BrowserContext, phone: BrowserContext): Promise<{ a: Page; conversationId: string }> {
    await laptop.addInitScript(() => {
      localStorage.setItem('chatwire:demo:localTimeDelayMs', '5000');
      localStorage.setItem('chatwire:demo:localTimeOnReload', 'ask');
    });
    await phone.addInitScript(() => localStorage.setItem('chatwire:demo:localTimeOnReload', 'ask'));
    const a = await e2e.open(laptop);
    await sendPrompt(a, 'What time is it here?');
    const conversationId = await conversationIdOf(a);
    await runningHere(a);
    await a.reload();
    await clockCard(a).getByRole('button', { name: 'Run again' }).waitFor({ timeout: 15_000 });
    await phone.addCookies(await laptop.cookies());
    return { a, conversationId };
  }

  it('a reload cuts a run short and the tool asks: every device shows the choice, the first answer wins and only its device runs the call', async () => {
    const laptop = await e2e.newContext();
    const phone = await e2e.newContext();
    const { a, conversationId } = await interruptedOnLaptop(laptop, phone);
    const b = await e2e.open(`?c=${conversationId}`, phone);
    await clockCard(b).getByRole('button', { name: 'Run here' }).waitFor({ timeout: 15_000 });
    expect(await clockCard(b).innerText()).toContain('interrupted on another device');
    for (const page of [a, b]) expect(await phaseOf(page)).toBe('executing');

    // Both answer at once: the server keeps one choice, and only the chooser's device runs the call
    // (the other's buttons may be gone before its click lands: the first choice reached it).
    const click = (button: Locator) => button.click({ timeout: 3_000 }).catch(() => undefined);
    await Promise.all([click(clockCard(a).getByRole('button', { name: 'Run again' })), click(clockCard(b).getByRole('button', { name: 'Run here' }))]);
    for (const page of [a, b]) {
      await waitForPhase(page, 'complete');
      await clockResult(page);
      expect(await answerText(page)).toMatch(/^Your browser says it is /);
    }
    expect((await runs(a)) + (await runs(b))).toBe(1);
  });

  it('the device that ran it is gone: another device reports the call interrupted, and the model reads that', async () => {
    const laptop = await e2e.newContext();
    const phone = await e2e.newContext();
    const { conversationId } = await interruptedOnLaptop(laptop, phone);
    await laptop.close();
    const b = await e2e.open(`?c=${conversationId}`, phone);
    await clockCard(b).getByRole('button', { name: 'Report as interrupted' }).click({ timeout: 15_000 });
    await waitForPhase(b, 'complete');
    await b.locator('.cw-tool-call[data-tool="get_local_time"][data-state="error"]').waitFor({ timeout: 15_000 });
    expect(await answerText(b)).toBe('I could not read your clock: The run of this call in the page was interrupted by a reload, and the user chose not to run it again.');
    expect(await runs(b)).toBe(0);
  });
});
