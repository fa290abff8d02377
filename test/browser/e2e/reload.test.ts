import {
  answerText,
  conversationIdOf,
  firstAnswer,
  lastAnswer,
  recordFirstAnswer,
  sendPrompt,
  uninterruptedAnswer,
  waitForAnswerLength,
  waitForPhase,
} from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

// The mock's "long" scenario: ~1,050 events, ~3,500 characters; at 5 ms per event the answer
// takes ~5 s, so a reload after ~600 characters lands mid-answer.
const PROMPT = 'Write something long about rivers';

describe('e2e: reload mid-answer', () => {
  const e2e = demoSuite({ mock: { delayMs: 5 } });

  it('shows the text seen before the reload at once, streams the rest, and ends with the uninterrupted text', async () => {
    const reference = await uninterruptedAnswer(e2e.browser, e2e.url, PROMPT);
    expect(reference.length).toBeGreaterThan(3000);

    const page = await e2e.open();
    await sendPrompt(page, PROMPT);
    await conversationIdOf(page);
    await waitForAnswerLength(page, 600);
    const before = await answerText(page);
    expect(before.length).toBeLessThan(reference.length);

    await recordFirstAnswer(page);
    await page.reload();
    await waitForAnswerLength(page, 1, 10_000);
    const first = (await firstAnswer(page)) ?? '';
    // "At once": the very first answer text the reloaded page puts in the DOM already holds
    // everything seen before the reload (the last few characters are the live markdown tail,
    // which may render differently while incomplete).
    expect(first.length).toBeGreaterThanOrEqual(before.length - 20);
    expect(first.startsWith(before.slice(0, -20))).toBe(true);
    // ...and the answer was still being written: the rest streams on after the reload.
    expect(first.length).toBeLessThan(reference.length);
    expect(await lastAnswer(page).getAttribute('data-live')).toBe('true');

    await waitForPhase(page, 'complete', 60_000);
    expect(await answerText(page)).toBe(reference);
    // One prompt, one answer: nothing was duplicated by the replay.
    expect(await page.locator('.cw-message[data-role="user"]').count()).toBe(1);
    expect(await page.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
  });
});
