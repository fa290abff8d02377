import { conversationIdOf, lastAnswer, sendPrompt, waitForAnswerLength, waitForPhase } from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

describe('e2e: bad input gets a clear status and a clear error on the page', () => {
  // One generation per demo user at a time, so a second one is over the limit (429).
  const e2e = demoSuite({ mock: { delayMs: 10 }, server: { maxStreamsPerUser: 1 } });

  it("404: another demo user opening someone's conversation (as if it did not exist)", async () => {
    const owner = await e2e.newContext();
    const stranger = await e2e.newContext();
    const page = await e2e.open(owner);
    await sendPrompt(page, 'hello');
    const conversationId = await conversationIdOf(page);
    await waitForPhase(page, 'complete');

    const other = await stranger.newPage();
    const statuses: number[] = [];
    other.on('response', (response) => {
      if (response.url().includes(`/api/chat/${conversationId}/`)) statuses.push(response.status());
    });
    await other.goto(`${e2e.url}?c=${conversationId}`);
    const alert = other.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    expect(statuses).toContain(404);
    expect(statuses).not.toContain(403);
    const text = await alert.innerText();
    expect(text).toMatch(/404.*You have no conversation/);
    expect(text).not.toMatch(/[^.]\.\. /);
    // The stranger sees none of the owner's messages.
    expect(await other.locator('.cw-message[data-role="assistant"] .cw-markdown').count()).toBe(0);
    // ...and the page does not keep knocking: no request after the 404 (the follow loop stops).
    const answered = statuses.length;
    await other.waitForTimeout(2_500);
    expect(statuses.length).toBe(answered);
  });

  it('400: a malformed request body', async () => {
    const page = await e2e.open();
    // Corrupt the start request on its way out; the real server answers it.
    await page.route('**/api/chat', (route) =>
      route.request().method() === 'POST' ? route.continue({ postData: '{"message": {"id": "m1", "text": ' }) : route.continue(),
    );
    const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat');
    await sendPrompt(page, 'hello');
    expect((await response).status()).toBe(400);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    const text = await alert.innerText();
    expect(text).toMatch(/400.*not valid JSON/);
    expect(text).not.toMatch(/[^.]\.\. /);
    await waitForPhase(page, 'error');
  });

  it('429: a second generation over the per-user limit', async () => {
    const context = await e2e.newContext();
    const first = await e2e.open(context);
    await sendPrompt(first, 'Write something long about volcanoes');
    await waitForAnswerLength(first, 50);

    const second = await e2e.open(context);
    const response = second.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat');
    await sendPrompt(second, 'Write something long about deserts');
    expect((await response).status()).toBe(429);
    const alert = second.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    const text = await alert.innerText();
    expect(text).toMatch(/429.*limit 1/);
    expect(text).not.toMatch(/[^.]\.\. /);
    await waitForPhase(second, 'error');
    // The first answer is unaffected and still streaming.
    expect(await lastAnswer(first).getAttribute('data-live')).toBe('true');
    await first.getByRole('button', { name: 'Stop' }).click();
    await waitForPhase(first, 'cancelled');
  });
});
