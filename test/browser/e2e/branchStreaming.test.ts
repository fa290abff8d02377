/**
 * Branches while an answer streams, in the demo in real Chromium. The page follows its
 * conversation (the demo's `follow`), so an edit or a regeneration made through the routes
 * (as another device of the same user does: the page's own fetch, with its cookie) shows in
 * the page live, and a reload shows what the server kept:
 * - an edit while the answer streams stops the model on the server (the mock records the
 *   abort and the generation ends), the partial answer stays in its branch (history), and
 *   the page shows the edited prompt with its new answer in place of the old ones;
 * - a reload in the middle of a regenerated answer resumes on that branch: the new answer
 *   goes on streaming where it was, the older answer is not shown.
 * The UI actions (Edit, Regenerate, the version picker) have their own browser tests.
 */
import type { Page } from 'playwright-core';
import { activePath } from '../../../src/core/session/activePath';
import type { ChatMessage } from '../../../src/core/session/types';
import { answerText, conversationIdOf, sendPrompt, waitForAnswerLength, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const LONG = 'Write something long about glaciers';

/** A JSON request from the page (its origin, its cookie): what another device of the user sends. */
async function post(page: Page, path: string, body: unknown): Promise<{ status: number; text: string }> {
  return page.evaluate(
    async ({ path, body }) => {
      const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      // A start answers a stream: read its first bytes only, the page shows the rest.
      const reader = response.body?.getReader();
      const first = reader ? await reader.read() : undefined;
      void reader?.cancel();
      return { status: response.status, text: first?.value ? new TextDecoder().decode(first.value) : '' };
    },
    { path, body },
  );
}

async function history(page: Page, id: string): Promise<{ messages: ChatMessage[]; selection: Record<string, string> }> {
  return page.evaluate(async (url) => (await fetch(url)).json(), `/api/chat/${encodeURIComponent(id)}/messages`);
}

const userTexts = (page: Page) => page.locator('.cw-message[data-role="user"]').allInnerTexts();
const textOf = (m: ChatMessage | undefined) => (m?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('e2e: branches while an answer streams', () => {
  // ~1,050 events at 8 ms: an answer of about 8 s, so the actions land mid-answer.
  const e2e = demoSuite({ mock: { delayMs: 8 } });

  it('an edit while the answer streams stops it on the server and keeps the partial answer in its branch', async () => {
    const page = await e2e.open();
    await sendPrompt(page, LONG);
    const id = await conversationIdOf(page);
    await waitForAnswerLength(page, 200);
    const before = await history(page, id);
    expect(before.messages).toEqual([]); // the answer is in flight, not in the history yet
    const abortsBefore = e2e.model.aborts;

    // Another device edits the prompt: it stops the answer first (the cancel route), then starts the edit.
    expect((await post(page, `/api/chat/${id}/cancel`, {})).status).toBe(200);
    await until(async () => (await history(page, id)).messages.length === 2, 'the stopped answer in the history');
    expect(e2e.model.aborts).toBe(abortsBefore + 1);
    const [prompt, partial] = (await history(page, id)).messages as [ChatMessage, ChatMessage];
    expect(partial.finishReason).toBe('cancelled');
    expect(textOf(partial).length).toBeGreaterThan(100);
    const started = await post(page, '/api/chat', { conversationId: id, message: { text: 'Write something quick instead' }, edit: prompt.id });
    expect(started.status).toBe(200);

    // The page follows: the edited prompt and its answer replace the old ones, live.
    await until(async () => (await userTexts(page)).join('|').includes('quick instead'), 'the edited prompt in the page');
    await waitForPhase(page, 'complete');
    expect(await userTexts(page)).toHaveLength(1);
    expect(await answerText(page)).not.toContain(textOf(partial).slice(0, 40));
    // The server keeps both branches; the partial answer is still there, as it was stopped.
    const after = await history(page, id);
    expect(after.messages.filter((m) => m.role === 'user')).toHaveLength(2);
    expect(after.messages.find((m) => m.id === partial.id)?.finishReason).toBe('cancelled');
    expect(activePath(after.messages, after.selection).map((m) => m.id)).not.toContain(partial.id);

    // A reload shows the edited branch, and still only one prompt.
    await page.reload();
    await waitForAnswerLength(page, 1, 15_000);
    expect((await userTexts(page)).join('|')).toContain('quick instead');
    expect(await userTexts(page)).toHaveLength(1);
  });

  it('a reload in the middle of a regenerated answer resumes on that branch', async () => {
    const page = await e2e.open();
    // A long answer, stopped early: the answer to regenerate.
    await sendPrompt(page, LONG);
    const id = await conversationIdOf(page);
    await waitForAnswerLength(page, 50);
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForPhase(page, 'cancelled');
    await until(async () => (await history(page, id)).messages.length === 2, 'the stopped answer in the history');
    const [, first] = (await history(page, id)).messages as [ChatMessage, ChatMessage];

    // Regenerate it (the long scenario again, about 8 s): the mock writes "Take 2: ..." to the same prompt.
    const started = await post(page, '/api/chat', { conversationId: id, regenerate: first.id });
    expect(started.status).toBe(200);
    await until(async () => (await answerText(page)).startsWith('Take 2') && (await answerText(page)).length > 150, 'the regenerated answer in the page');
    const callsBefore = e2e.model.calls;
    const beforeReload = (await answerText(page)).length;

    await page.reload();
    // After the reload the page shows the regenerated answer, still being written, and it goes on to the end.
    await until(async () => (await answerText(page)).startsWith('Take 2'), 'the regenerated answer after the reload', 15_000);
    expect(await page.locator('.cw-widget').getAttribute('data-phase')).not.toBe('complete');
    await waitForPhase(page, 'complete');
    expect((await answerText(page)).length).toBeGreaterThan(beforeReload + 500);
    expect(await page.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
    // The same generation went on: the reload started no new model call.
    expect(e2e.model.calls).toBe(callsBefore);
    const h = await history(page, id);
    const path = activePath(h.messages, h.selection);
    expect(textOf(path[1])).toMatch(/^Take 2/);
    expect(h.messages.filter((m) => m.role === 'assistant')).toHaveLength(2);
  });
});
