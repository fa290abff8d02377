import type { MockModel } from '../../../src/server/index';
import { answerText, conversationIdOf, lastAnswer, sendPrompt, waitForAnswerLength, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const PROMPT = 'Write something long about glaciers';
/** How soon after the click the model source must see the abort. */
const ABORT_BOUND_MS = 2_000;

/** Polls (bounded) until the mock has recorded an abort. */
async function waitForAbort(model: MockModel, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (model.abortRecords.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('e2e: Stop', () => {
  // ~1,050 events at 10 ms: a 10 s answer, so Stop lands well before the end.
  const e2e = demoSuite({ mock: { delayMs: 10 } });

  it('aborts the model on the server within the bound and keeps the partial answer, also after a reload', async () => {
    const page = await e2e.open();
    await sendPrompt(page, PROMPT);
    await conversationIdOf(page);
    await waitForAnswerLength(page, 300);
    expect(e2e.model.aborts).toBe(0);

    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForAbort(e2e.model, 5_000);

    const [record] = e2e.model.abortRecords;
    expect(record, 'the model source never saw an abort').toBeDefined();
    expect(record!.abortedAt - clickedAt).toBeLessThan(ABORT_BOUND_MS);
    expect(record!.eventsAfterAbort).toBe(0);
    expect(e2e.model.aborts).toBe(1);

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
    expect(e2e.model.calls).toBe(1);
  });
});
