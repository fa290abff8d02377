/**
 * Tools that need approval in the demo, in real Chromium: the mock model's `send_email`
 * pauses the answer until someone approves or denies it. The pending request lives in the
 * server's log, so a reload and a second tab show it and can answer it, once.
 */
import type { Page } from 'playwright-core';
import { answerText, conversationIdOf, sendPrompt, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

/** The tool card of `send_email` in the last answer. */
const emailCard = (page: Page) => page.locator('.cw-message[data-role="assistant"]').last().locator('.cw-tool-call[data-tool="send_email"]');

async function waitForCard(page: Page, state: string, timeout = 30_000): Promise<void> {
  await emailCard(page).and(page.locator(`[data-state="${state}"]`)).waitFor({ state: 'visible', timeout });
}

describe('e2e: tool approvals', () => {
  const e2e = demoSuite({ mock: { delayMs: 2 } });

  it('the pending request survives a reload and is approved there: the email is sent and the answer ends', async () => {
    const page = await e2e.open();
    await sendPrompt(page, 'Send an email to Ana about the launch');
    await conversationIdOf(page);
    await waitForCard(page, 'awaiting-approval');
    await waitForPhase(page, 'awaiting-approval');
    await expect.poll(() => emailCard(page).innerText()).toContain('ana@example.com');
    // The pause shows in the card's status line and is announced, not only in data-phase.
    expect(await emailCard(page).locator('.cw-tool-call-status').innerText()).toBe('send_email needs your approval');
    await expect.poll(() => page.locator('.cw-announcer').textContent()).toContain('send_email needs your approval');
    // The deadline comes from the request in the server's log: the same moment after the reload.
    const deadline = await emailCard(page).locator('.cw-tool-call-deadline time').getAttribute('datetime');
    expect(Date.parse(deadline ?? '')).toBeGreaterThan(Date.now());
    await expect.poll(() => emailCard(page).locator('.cw-tool-call-deadline').innerText()).toMatch(/^Decide within \d+:\d\d$/);

    await page.reload();
    await waitForCard(page, 'awaiting-approval');
    await waitForPhase(page, 'awaiting-approval');
    expect(await emailCard(page).locator('.cw-tool-call-deadline time').getAttribute('datetime')).toBe(deadline);
    await emailCard(page).getByRole('button', { name: 'Approve' }).click();
    await waitForPhase(page, 'complete');
    await waitForCard(page, 'result');
    expect(await answerText(page)).toBe('Email sent to ana@example.com.');
  });

  it('a second tab shows the same pending card and approves it; both tabs end with the email sent; a second decision is refused with the first', async () => {
    const context = await e2e.newContext();
    const first = await e2e.open(context);
    await sendPrompt(first, 'Send an email to Bo about the budget');
    const conversationId = await conversationIdOf(first);
    await waitForCard(first, 'awaiting-approval');

    const second = await e2e.open(`?c=${conversationId}`, context);
    await waitForCard(second, 'awaiting-approval');
    const toolCallId = await emailCard(second).getAttribute('data-tool-call-id');
    await emailCard(second).getByRole('button', { name: 'Approve' }).click();
    for (const page of [first, second]) {
      await waitForPhase(page, 'complete');
      await waitForCard(page, 'result');
      expect(await answerText(page)).toBe('Email sent to bo@example.com.');
    }

    const refused = await first.evaluate(
      async ([id, call]) => {
        const response = await fetch(`/api/chat/${id}/tool-calls/${call}/decision`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ approved: false, reason: 'changed my mind' }),
        });
        return { status: response.status, body: (await response.json()) as { error: { code: string }; decision: { approved: boolean } } };
      },
      [conversationId, toolCallId] as const,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('decision_exists');
    expect(refused.body.decision.approved).toBe(true);
  });

  it('deny with a reason: nothing is sent, the answer says so, and the next prompt works', async () => {
    const page = await e2e.open();
    await sendPrompt(page, 'Send an email to Cy about the offsite');
    await waitForCard(page, 'awaiting-approval');
    await emailCard(page).getByRole('textbox', { name: /reason/i }).fill('Cy is on leave');
    await emailCard(page).getByRole('button', { name: 'Deny' }).click();
    await waitForPhase(page, 'complete');
    await waitForCard(page, 'denied');
    await expect.poll(() => emailCard(page).innerText()).toContain('Reason: Cy is on leave');
    expect(await answerText(page)).toContain('I did not send the email to cy@example.com.');

    await sendPrompt(page, 'hello');
    await waitForPhase(page, 'complete');
    expect(await answerText(page)).toMatch(/mock model/);
  });

  it('Stop while awaiting approval ends the answer stopped, the call not run, also after a reload', async () => {
    const page = await e2e.open();
    await sendPrompt(page, 'Send an email to Di about the roadmap');
    await waitForCard(page, 'awaiting-approval');
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForPhase(page, 'cancelled');
    await waitForCard(page, 'denied');
    await expect.poll(() => emailCard(page).innerText()).toContain('Not run: stopped while send_email awaited approval');
    expect(await emailCard(page).getByRole('button', { name: 'Approve' }).count()).toBe(0);

    await page.reload();
    await waitForCard(page, 'denied');
    await expect.poll(() => emailCard(page).innerText()).toContain('Not run: stopped while send_email awaited approval');
  });
});
