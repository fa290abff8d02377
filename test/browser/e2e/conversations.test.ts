/**
 * Issue 14's done-when, on the demo in Chromium: the thread list lists conversations with
 * their titles; a long answer left for another conversation keeps running (badge) and is
 * complete and equal to a fresh open when you come back; a rename or delete in one tab
 * shows in another tab and on another device.
 */
import type { Page } from 'playwright-core';
import { answerText, conversationIdOf, sendPrompt, waitForAnswerLength, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const threads = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const entry = (page: Page, id: string) => page.locator(`.cw-thread[data-conversation-id="${id}"]`);
const titles = (page: Page) => page.locator('.cw-thread-title').allTextContents();

async function waitForTitles(page: Page, expected: string[], timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await titles(page);
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`expected the thread list ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
}

describe('e2e: the thread list', () => {
  const e2e = demoSuite({ mock: { delayMs: 4 } });

  it('lists two conversations with their titles; a long answer left for another conversation runs on and is complete, equal to a fresh open, when you come back', async () => {
    const context = await e2e.newContext();
    const page = await e2e.open(context);
    await sendPrompt(page, 'Write something long about forests');
    const first = await conversationIdOf(page);
    await waitForAnswerLength(page, 200);
    await expect.poll(() => entry(page, first).getAttribute('data-running')).toBe('');

    // Switch away mid-answer and send in a new conversation.
    await threads(page).getByRole('button', { name: 'New conversation' }).click();
    await page.waitForURL((url) => !url.searchParams.has('c'));
    await sendPrompt(page, 'hello there, quick question');
    await page.waitForURL((url) => url.searchParams.has('c') && url.searchParams.get('c') !== first);
    const second = await conversationIdOf(page);
    await waitForPhase(page, 'complete', 30_000);
    // Meanwhile the first one still answers on the server: its badge says so.
    expect(await entry(page, first).getAttribute('data-running')).toBe('');

    // Both listed, most recent first, titled by the model (the mock's titles).
    await waitForTitles(page, ['Quick chat: hello there, quick question', 'Long read: Write something long about forests']);
    // The long answer finishes while we are elsewhere: badge gone, unread dot.
    await expect.poll(() => entry(page, first).getAttribute('data-unread'), { timeout: 60_000 }).toBe('');
    expect(await entry(page, first).getAttribute('data-running')).toBeNull();

    // Back to it: complete, nothing lost, equal to opening it afresh.
    await entry(page, first).locator('.cw-thread-open').click();
    await page.waitForURL((url) => url.searchParams.get('c') === first);
    // A finished conversation opens from its history (phase idle, nothing in flight).
    await waitForAnswerLength(page, 2_000, 15_000);
    await waitForPhase(page, ['idle', 'complete'], 15_000);
    const back = await answerText(page);
    expect(await entry(page, first).getAttribute('data-unread')).toBeNull();
    const fresh = await e2e.open(`?c=${first}`, context);
    await waitForAnswerLength(fresh, 2_000, 15_000);
    await waitForPhase(fresh, ['idle', 'complete'], 15_000);
    expect(await answerText(fresh)).toBe(back);
    expect(second).not.toBe(first);
  });

  it('a rename or a delete in one tab shows in another tab and on another device', async () => {
    const laptop = await e2e.newContext();
    const phone = await e2e.newContext();
    const tab1 = await e2e.open(laptop);
    await sendPrompt(tab1, 'hello, plans for the weekend');
    const kept = await conversationIdOf(tab1);
    await waitForPhase(tab1, 'complete', 30_000);
    await threads(tab1).getByRole('button', { name: 'New conversation' }).click();
    await sendPrompt(tab1, 'hi, a conversation to delete');
    const doomed = await conversationIdOf(tab1);
    await waitForPhase(tab1, 'complete', 30_000);

    const tab2 = await e2e.open(laptop);
    const link = await tab1.getByRole('textbox', { name: /another device/ }).inputValue();
    const onPhone = await e2e.open(link, phone);
    for (const page of [tab1, tab2, onPhone]) await expect.poll(() => titles(page).then((t) => t.length), { timeout: 10_000 }).toBe(2);
    expect(new URL(onPhone.url()).searchParams.get('c')).toBe(doomed);

    // Rename in tab 1 (F2 on the entry, type, Enter).
    await entry(tab1, kept).locator('.cw-thread-open').focus();
    await tab1.keyboard.press('F2');
    const input = entry(tab1, kept).getByRole('textbox');
    await input.fill('Weekend plans');
    await input.press('Enter');
    for (const page of [tab1, tab2, onPhone]) await expect.poll(() => entry(page, kept).locator('.cw-thread-title').textContent(), { timeout: 10_000 }).toBe('Weekend plans');

    // Delete in tab 2: gone everywhere; the phone, which had it open, is back to a new conversation.
    await entry(tab2, doomed).getByRole('button', { name: /^Delete / }).click();
    for (const page of [tab1, tab2, onPhone]) await expect.poll(() => entry(page, doomed).count(), { timeout: 10_000 }).toBe(0);
    await onPhone.waitForURL((url) => !url.searchParams.has('c'), { timeout: 10_000 });
    const history = await onPhone.evaluate(async (id) => (await fetch(`/api/chat/${id}/messages`)).status, doomed);
    expect(history).toBe(404);
  });
});
