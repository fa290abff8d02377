/**
 * Edit, regenerate, versions and ratings through the real `ChatWidget` (the demo page)
 * against the real server companion (mock model), in real Chromium:
 * - Edit, the inline editor and Save: the new answer and "2 / 2"; Previous version shows
 *   the first answer at once, with no history request and no empty frame; a reload keeps
 *   both branches and the version chosen;
 * - Regenerate: the other take in place of the answer, with its version picker "2 / 2";
 * - a second tab of the same browser mirrors new branches, switches and ratings both ways;
 * - Escape (and Cancel) closes the editor without sending anything;
 * - the keyboard alone reaches Copy, Edit, Regenerate, the thumbs and the version picker
 *   with Tab, uses them with Enter and Space, and the actions show while focused.
 * Edits while an answer streams have their own test (branchStreaming.test.ts).
 */
import type { Locator, Page } from 'playwright-core';
import { activePath } from '../../../src/core/session/activePath';
import type { ChatMessage } from '../../../src/core/session/types';
import { answerText, conversationIdOf, lastAnswer, messageBox, sendPrompt, waitForAnswerLength } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const TABLE = 'Show me a table of the plans';
const CODE = 'Show me some code';
const HELLO = 'hello there, quick one';
const LONG = 'Write something long about glaciers';

const prompt = (page: Page): Locator => page.locator('.cw-message[data-role="user"]');
const pickerOf = (message: Locator): Locator => message.locator('.cw-branch-picker');
/** The "2 / 2" the picker shows. */
const positionOf = async (picker: Locator): Promise<string> => (await picker.locator('.cw-branch-picker-position').innerText()).trim();
const promptText = (page: Page): Promise<string> => prompt(page).locator('.cw-message-text').innerText();
/** Waits (briefly: a switch shows at once) until the prompt shown is `text`. */
const showsPrompt = (page: Page, text: string, timeout = 2000): Promise<void> =>
  prompt(page).locator('.cw-message-text').filter({ hasText: new RegExp(`^${text}$`) }).waitFor({ timeout });

/** The conversation as the server keeps it. */
async function history(page: Page, id: string): Promise<{ messages: ChatMessage[]; selection: Record<string, string> }> {
  return page.evaluate(async (url) => (await fetch(url)).json(), `/api/chat/${encodeURIComponent(id)}/messages`);
}

/** Counts the page's requests of the history route and of the start route from now on. */
function countRequests(page: Page): { history: number; starts: number } {
  const seen = { history: 0, starts: 0 };
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'GET' && /^\/api\/chat\/[^/]+\/messages$/.test(path)) seen.history += 1;
    if (request.method() === 'POST' && path === '/api/chat') seen.starts += 1;
  });
  return seen;
}

/** Waits until the shown answer is written (`complete`, or `idle` after a reload) and its text passes `check`. */
async function answerWhere(page: Page, check: (text: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const text = await answerText(page);
    const phase = await page.locator('.cw-widget').getAttribute('data-phase');
    if ((phase === 'complete' || phase === 'idle') && check(text)) return text;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the answer shown is "${text.slice(0, 80)}" (${phase})`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** The same answer: its first words (a code block's header shows once its highlighting has loaded, so the whole text may differ). */
const sameAnswer = (shown: string, expected: string): boolean => shown.slice(0, 40) === expected.slice(0, 40);

/** Records, from now on, whether the page ever showed no answer text (an empty frame during a switch). */
async function watchForEmptyAnswer(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    const w = window as unknown as { emptyAnswerSeen: boolean; emptyWatch?: MutationObserver };
    w.emptyAnswerSeen = false;
    w.emptyWatch?.disconnect();
    w.emptyWatch = new MutationObserver(() => {
      const answers = [...document.querySelectorAll<HTMLElement>('.cw-message[data-role="assistant"] .cw-markdown')];
      if (answers.length === 0 || answers.every((el) => el.innerText.trim() === '')) w.emptyAnswerSeen = true;
    });
    w.emptyWatch.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { emptyAnswerSeen: boolean }).emptyAnswerSeen);
}

/** Opens the demo, sends `text` and waits for the complete answer; returns the page, the conversation id and the answer. */
async function conversation(text: string): Promise<{ page: Page; id: string; first: string }> {
  const page = await e2e.open();
  await sendPrompt(page, text);
  const id = await conversationIdOf(page);
  const first = await answerWhere(page, (t) => t.length > 20, 'the first answer');
  return { page, id, first };
}

// The long answer (~1,050 events) takes about 4 s: an edit lands mid-answer.
const e2e = demoSuite({ mock: { delayMs: 4 } });

describe('e2e: edit, regenerate and versions in the widget', () => {
  it('Edit, then Save: the new answer and "2 / 2"; Previous version shows the first answer with no request; a reload keeps both and the choice', async () => {
    const { page, id, first } = await conversation(TABLE);
    expect(await pickerOf(prompt(page)).count()).toBe(0);

    await prompt(page).getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('textbox', { name: 'Edit message' });
    expect(await editor.inputValue()).toBe(TABLE);
    await editor.fill(CODE);
    await page.getByRole('button', { name: 'Save' }).click();
    const second = await answerWhere(page, (t) => t !== first && t.length > 20, 'the answer to the edited prompt');
    expect(await promptText(page)).toBe(CODE);
    expect(await prompt(page).count()).toBe(1);
    expect(await page.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
    const picker = pickerOf(prompt(page));
    expect(await positionOf(picker)).toBe('2 / 2');
    expect(await picker.getAttribute('aria-label')).toBe('Version 2 of 2');

    // Back to the first version: shown at once from what the page has, no history request, no empty frame.
    const requests = countRequests(page);
    const sawEmpty = await watchForEmptyAnswer(page);
    const recorded = page.waitForResponse((r) => r.url().endsWith(`/api/chat/${id}/branch`));
    await picker.getByRole('button', { name: 'Previous version' }).click();
    await showsPrompt(page, TABLE);
    await answerWhere(page, (t) => sameAnswer(t, first), 'the first answer again', 2000);
    expect(await picker.getAttribute('aria-label')).toBe('Version 1 of 2');
    expect((await recorded).status()).toBe(200);
    expect(requests).toEqual({ history: 0, starts: 0 });
    expect(await sawEmpty()).toBe(false);

    // A reload: both branches are there, the first still chosen; Next version shows the second.
    await page.reload();
    await answerWhere(page, (t) => sameAnswer(t, first), 'the chosen (first) branch after the reload', 15_000);
    expect(await promptText(page)).toBe(TABLE);
    expect(await pickerOf(prompt(page)).getAttribute('aria-label')).toBe('Version 1 of 2');
    await pickerOf(prompt(page)).getByRole('button', { name: 'Next version' }).click();
    await showsPrompt(page, CODE);
    await answerWhere(page, (t) => sameAnswer(t, second), 'the second answer again', 2000);
    const kept = await history(page, id);
    expect(kept.messages.filter((m) => m.role === 'user')).toHaveLength(2);
    expect(kept.messages.filter((m) => m.role === 'assistant')).toHaveLength(2);
  });

  it('Regenerate: the other take in place of the answer, with a version picker "2 / 2"; Previous version shows the first take', async () => {
    const { page, first } = await conversation(TABLE);
    expect(await pickerOf(lastAnswer(page)).count()).toBe(0);
    await lastAnswer(page).getByRole('button', { name: 'Regenerate' }).click();
    const second = await answerWhere(page, (t) => t.startsWith('Take 2'), 'the regenerated answer');
    expect(await page.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
    expect(await prompt(page).count()).toBe(1);
    expect(await pickerOf(prompt(page)).count()).toBe(0);
    const picker = pickerOf(lastAnswer(page));
    expect(await positionOf(picker)).toBe('2 / 2');
    await picker.getByRole('button', { name: 'Previous version' }).click();
    await answerWhere(page, (t) => sameAnswer(t, first), 'the first take again', 2000);
    expect(await positionOf(pickerOf(lastAnswer(page)))).toBe('1 / 2');
    expect(second).not.toBe(first);
  });

  it('a second tab mirrors new branches, switches and ratings, both ways', async () => {
    const { page: one, id, first } = await conversation(TABLE);
    // The same browser context: another tab.
    const two = await e2e.open(`/?c=${encodeURIComponent(id)}`, one.context());
    await answerWhere(two, (t) => sameAnswer(t, first), 'the conversation in the second tab');

    // An edit in tab one: tab two shows the new prompt, its answer and "2 / 2".
    await prompt(one).getByRole('button', { name: 'Edit' }).click();
    await one.getByRole('textbox', { name: 'Edit message' }).fill(CODE);
    await one.getByRole('button', { name: 'Save' }).click();
    const second = await answerWhere(one, (t) => t !== first && t.length > 20, 'the edited branch in tab one');
    await answerWhere(two, (t) => sameAnswer(t, second), 'the edited branch in tab two');
    expect(await promptText(two)).toBe(CODE);
    expect(await pickerOf(prompt(two)).getAttribute('aria-label')).toBe('Version 2 of 2');

    // A switch in tab two shows in tab one.
    await pickerOf(prompt(two)).getByRole('button', { name: 'Previous version' }).click();
    await answerWhere(one, (t) => sameAnswer(t, first), 'the switch back in tab one');
    expect(await promptText(one)).toBe(TABLE);
    expect(await pickerOf(prompt(one)).getAttribute('aria-label')).toBe('Version 1 of 2');

    // A regeneration from tab two: both tabs show the other take, with its picker.
    await lastAnswer(two).getByRole('button', { name: 'Regenerate' }).click();
    await answerWhere(one, (t) => t.startsWith('Take 2'), 'the regenerated answer in tab one');
    await answerWhere(two, (t) => t.startsWith('Take 2'), 'the regenerated answer in tab two');
    expect(await pickerOf(lastAnswer(one)).getAttribute('aria-label')).toBe('Version 2 of 2');

    // A rating in tab one shows pressed in tab two, and after a reload.
    await lastAnswer(one).getByRole('button', { name: 'Good response' }).click();
    const good = lastAnswer(two).getByRole('button', { name: 'Good response' });
    await two.waitForFunction(() => document.querySelector('.cw-message[data-role="assistant"] [data-action="feedback-up"]')?.getAttribute('aria-pressed') === 'true', undefined, { timeout: 10_000 });
    expect(await good.getAttribute('aria-pressed')).toBe('true');
    await two.reload();
    await answerWhere(two, (t) => t.startsWith('Take 2'), 'the regenerated answer after the reload');
    await lastAnswer(two).locator('.cw-message-actions').waitFor();
    expect(await lastAnswer(two).getByRole('button', { name: 'Good response' }).getAttribute('aria-pressed')).toBe('true');
    expect(await lastAnswer(two).getByRole('button', { name: 'Bad response' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('Edit while the answer streams (the Edit button, mid-answer): the model stops on the server, the partial answer stays in its branch, the edit answers in its place', async () => {
    const page = await e2e.open();
    await sendPrompt(page, LONG);
    const id = await conversationIdOf(page);
    await waitForAnswerLength(page, 150);
    const aborts = e2e.model.aborts;
    await prompt(page).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill(HELLO);
    await page.getByRole('button', { name: 'Save' }).click();
    await answerWhere(page, (t) => t.includes('mock model'), 'the answer to the edit');
    expect(e2e.model.aborts).toBe(aborts + 1);
    expect(await page.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
    expect(await lastAnswer(page).getAttribute('data-cancelled')).toBeNull();

    const kept = await history(page, id);
    const partial = kept.messages.find((m) => m.role === 'assistant' && m.finishReason === 'cancelled');
    const partialText = (partial?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
    expect(partialText.length).toBeGreaterThan(150);
    expect(activePath(kept.messages, kept.selection).map((m) => m.id)).not.toContain(partial?.id);
    // The first version keeps it, as it was stopped.
    await pickerOf(prompt(page)).getByRole('button', { name: 'Previous version' }).click();
    await showsPrompt(page, LONG);
    expect(await lastAnswer(page).getAttribute('data-cancelled')).toBe('true');
    expect((await answerText(page)).length).toBeGreaterThan(100);
  });

  it('Escape, or Cancel, closes the editor: nothing is sent, the prompt is unchanged, the focus is back on Edit', async () => {
    const { page } = await conversation(TABLE);
    const requests = countRequests(page);
    for (const close of ['Escape', 'Cancel'] as const) {
      await prompt(page).getByRole('button', { name: 'Edit' }).click();
      const editor = page.getByRole('textbox', { name: 'Edit message' });
      await editor.fill('Something else entirely');
      if (close === 'Escape') await editor.press('Escape');
      else await page.getByRole('button', { name: 'Cancel' }).click();
      expect(await editor.count()).toBe(0);
      expect(await promptText(page)).toBe(TABLE);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit');
    }
    expect(await pickerOf(prompt(page)).count()).toBe(0);
    expect(requests.starts).toBe(0);
  });
});

/** What has focus: its accessible name (aria-label, else text). */
const focusedName = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  });

/** Presses `key` until the focused element's name is `name` (at most `limit` times); returns the names passed. */
async function tabTo(page: Page, key: 'Tab' | 'Shift+Tab', name: string, limit = 12): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    passed.push(await focusedName(page));
    if (passed.at(-1) === name) return passed;
  }
  throw new Error(`${key} ${limit} times never reached "${name}"; passed ${passed.join(' | ')}`);
}

/** The opacity of the actions row of each message shown, and whether the focused element draws its focus ring. */
const visibility = (page: Page) =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('.cw-message .cw-message-actions')];
    const focused = document.activeElement as HTMLElement;
    return {
      opacities: rows.map((row) => getComputedStyle(row).opacity),
      focusedRow: rows.findIndex((row) => row.contains(focused)),
      ring: focused.matches(':focus-visible') ? getComputedStyle(focused).outlineStyle : 'none',
    };
  });

describe('e2e: the message actions and the version picker with the keyboard alone', () => {
  it('Tab reaches Copy, Edit, Regenerate, the thumbs and the picker; Enter and Space use them; the actions show while focused', async () => {
    const page = await e2e.open(await e2e.newContext({ permissions: ['clipboard-read', 'clipboard-write'] }));
    await page.mouse.move(0, 0);
    await messageBox(page).focus();
    await page.keyboard.type(HELLO);
    await page.keyboard.press('Enter');
    const first = await answerWhere(page, (t) => t.length > 20, 'the first answer');
    await lastAnswer(page).locator('.cw-message-actions').waitFor();

    // Nothing hovered or focused in the conversation: the actions are hidden (the picker is not there yet).
    await messageBox(page).focus();
    expect((await visibility(page)).opacities).toEqual(['0', '0']);

    // Backwards from the text box: the answer's actions, then the prompt's.
    const back = await tabTo(page, 'Shift+Tab', 'Edit');
    expect(back).toEqual(['Bad response', 'Good response', 'Regenerate', 'More copy options', 'Copy', 'Edit']);
    let seen = await visibility(page);
    expect(seen.focusedRow).toBe(0);
    expect(seen.opacities).toEqual(['1', '0']);
    expect(seen.ring).toBe('solid');

    // Copy with Enter: the answer's markdown on the clipboard.
    await tabTo(page, 'Tab', 'Copy', 3);
    seen = await visibility(page);
    expect(seen.focusedRow).toBe(1);
    expect(seen.opacities).toEqual(['0', '1']);
    await page.keyboard.press('Enter');
    await lastAnswer(page).locator('.cw-message-actions[data-copy="copied"]').waitFor({ timeout: 5000 });
    // The markdown as written (bold stays **...**), not the text shown.
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\*\*[^*]+\*\*/);

    // The thumbs with Space.
    await tabTo(page, 'Tab', 'Good response', 4);
    await page.keyboard.press('Space');
    expect(await lastAnswer(page).getByRole('button', { name: 'Good response' }).getAttribute('aria-pressed')).toBe('true');
    await tabTo(page, 'Tab', 'Bad response', 1);
    await page.keyboard.press('Enter');
    expect(await lastAnswer(page).getByRole('button', { name: 'Bad response' }).getAttribute('aria-pressed')).toBe('true');
    expect(await lastAnswer(page).getByRole('button', { name: 'Good response' }).getAttribute('aria-pressed')).toBe('false');

    // Regenerate with Space: the other take, and the answer's picker.
    await tabTo(page, 'Shift+Tab', 'Regenerate', 3);
    await page.keyboard.press('Space');
    await answerWhere(page, (t) => t.startsWith('Take 2'), 'the regenerated answer');
    expect(await pickerOf(lastAnswer(page)).getAttribute('aria-label')).toBe('Version 2 of 2');
    // The keyboard keeps its place: the new answer's Regenerate has the focus.
    expect(await focusedName(page)).toBe('Regenerate');
    expect((await visibility(page)).focusedRow).toBe(1);

    // Edit with Enter: the editor has the focus; Escape closes it and Edit has it back; Enter again, a new text, Enter saves.
    await tabTo(page, 'Shift+Tab', 'Edit', 8);
    await page.keyboard.press('Enter');
    expect(await focusedName(page)).toBe('Edit message');
    await page.keyboard.press('Escape');
    expect(await focusedName(page)).toBe('Edit');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(CODE);
    await page.keyboard.press('Enter');
    await answerWhere(page, (t) => !t.startsWith('Take 2') && t !== first && t.length > 20, 'the answer to the edited prompt');
    expect(await promptText(page)).toBe(CODE);
    expect(await focusedName(page)).toBe('Edit');
    expect((await visibility(page)).focusedRow).toBe(0);

    // The prompt's picker with the keyboard (before its actions): Previous version with Space, then Next version with Enter.
    await tabTo(page, 'Shift+Tab', 'Previous version', 3);
    await page.keyboard.press('Space');
    await showsPrompt(page, HELLO);
    await answerWhere(page, (t) => t.startsWith('Take 2'), 'the first version again (with its regenerated answer)', 2000);
    // The focus stays on the picker (its previous button is disabled now, so next has it).
    expect(await focusedName(page)).toBe('Next version');
    await page.keyboard.press('Enter');
    await showsPrompt(page, CODE);
  });
});
