import type { Page } from 'playwright-core';
import { answerText, conversationIdOf, lastAnswer, sendPrompt, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

// The mock's "research" scenario: a status line, thinking, two tool calls (search_transcripts,
// lookup_sources) that take ~400 ms each on the server, then an answer with numeric and
// timestamp citations and its sources.
const PROMPT = 'What did the team say about the release plan?';

/** What a user sees of the last answer: text, citation badges, tool cards, status and end. */
async function answerView(page: Page) {
  const answer = lastAnswer(page);
  return {
    text: await answerText(page),
    badges: await answer.locator('.cw-citation').evaluateAll((els) =>
      els.map((el) => `${el.textContent ?? ''} ${el.getAttribute('data-citation-id') ?? ''} ${el.getAttribute('href') ?? ''}`),
    ),
    tools: await answer.locator('.cw-tool-call').evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('data-tool') ?? ''} ${el.getAttribute('data-state') ?? ''}: ${el.querySelector('.cw-tool-call-status')?.textContent ?? ''}`),
    ),
    status: await answer.locator('.cw-status').allTextContents(),
    errors: await answer.locator('.cw-error').allTextContents(),
    finishReason: await answer.getAttribute('data-finish-reason'),
    parts: await answer.evaluate((el) => [...el.children].map((child) => child.className).join(' | ')),
  };
}

describe('e2e: a finished answer after a reload', () => {
  const e2e = demoSuite({ mock: { delayMs: 1, toolDelayMs: 400 } });

  it('shows the same text, citation badges, tool cards with their durations and status as it did live', async () => {
    const page = await e2e.open();
    await sendPrompt(page, PROMPT);
    await conversationIdOf(page);
    await waitForPhase(page, 'complete', 60_000);
    const live = await answerView(page);
    // The answer is one a reload could get wrong: badges, and tools that ran for a while.
    expect(live.badges.length).toBeGreaterThanOrEqual(4);
    expect(live.tools).toHaveLength(2);
    for (const tool of live.tools) expect(tool).toMatch(/ result: Ran \w+ in \d+\.\d s$/);
    expect(live.text.length).toBeGreaterThan(200);

    await page.reload();
    await page.waitForFunction(
      (length) => {
        const answers = document.querySelectorAll('.cw-message[data-role="assistant"]');
        const last = answers[answers.length - 1];
        const text = [...(last?.querySelectorAll<HTMLElement>('.cw-markdown') ?? [])].map((el) => el.innerText).join('');
        return text.replace(/\s+/g, ' ').trim().length >= length && last?.querySelectorAll('.cw-citation').length;
      },
      live.text.length,
      { timeout: 15_000, polling: 20 },
    );
    // Highlighting and badges settle after the first paint of the history.
    await page.waitForTimeout(300);
    expect(await answerView(page)).toEqual(live);
  });
});
