import type { Request } from 'playwright-core';
import type { DemoServer } from '../../../demo/server';
import {
  answerText,
  conversationIdOf,
  sendPrompt,
  uninterruptedAnswer,
  waitForPhase,
} from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const PROMPT = 'Write something long about lakes';
const DROP_AFTER = 150;

describe('e2e: connection dropped by the server mid-answer', () => {
  // Same deterministic model on both; the faulty server drops every start request's
  // connection after DROP_AFTER events (the generation itself goes on).
  const e2e = demoSuite({ mock: { delayMs: 3 } });
  let faulty: DemoServer;

  beforeAll(async () => {
    faulty = await e2e.startDemo({ mock: { delayMs: 3, dropAfterEvents: DROP_AFTER } });
  });

  it('reconnects with Last-Event-ID and completes with the same final text', async () => {
    const expected = await uninterruptedAnswer(e2e.browser, e2e.url, PROMPT);
    expect(expected.length).toBeGreaterThan(3000);

    const page = await e2e.open(faulty.url);
    const resumes: Request[] = [];
    page.on('request', (request) => {
      if (/\/api\/chat\/[^/]+\/stream/.test(new URL(request.url()).pathname)) resumes.push(request);
    });
    await sendPrompt(page, PROMPT);
    const conversationId = await conversationIdOf(page);
    await waitForPhase(page, ['complete', 'error', 'cancelled'], 60_000);

    expect(await page.locator('.cw-widget').getAttribute('data-phase')).toBe('complete');
    expect(await answerText(page)).toBe(expected);
    // The client really reconnected: it resumed this conversation after the last event it had.
    expect(resumes.length).toBeGreaterThanOrEqual(1);
    const resume = resumes[0] as Request;
    expect(resume.url()).toContain(`/api/chat/${conversationId}/stream`);
    const lastEventId = Number(resume.headers()['last-event-id'] ?? new URL(resume.url()).searchParams.get('lastEventId'));
    // Mid-answer, not from scratch (the last few events before the drop may never arrive).
    expect(lastEventId).toBeGreaterThan(DROP_AFTER / 2);
    expect(lastEventId).toBeLessThanOrEqual(DROP_AFTER);
    expect(await page.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
  });
});
