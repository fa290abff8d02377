/**
 * Multi-tab sync in real Chromium: two pages of one browser context (same origin, so they
 * share BroadcastChannel and Web Locks) on one conversation, against the chatwire server
 * companion with the mock model on 127.0.0.1. The server records every request it gets.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { createMockModel } from '../../../src/server/models/mock';
import { newConversation as startConversation } from '../../support/bundledPage';
import { pageSuite } from '../../support/pageSuite';

interface Seen {
  method: string;
  path: string;
  lastEventId: string | null;
}

const model = createMockModel({ delayMs: 5 });
const seen: Seen[] = [];
const app = pageSuite({
  page: new URL('./page.tsx', import.meta.url),
  title: 'chatwire tabs',
  handler: { model, heartbeatMs: 60_000 },
  onApiRequest: (req) => {
    const header = req.headers['last-event-id'];
    seen.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname, lastEventId: typeof header === 'string' ? header : null });
  },
});

/** A conversation with one finished exchange; returns its id. */
const newConversation = (): Promise<string> => startConversation(app.baseUrl);

async function lastAnswerOnServer(id: string): Promise<string> {
  const h = (await (await fetch(`${app.baseUrl}/api/chat/${id}/messages`)).json()) as {
    messages: { role: string; parts: { type: string; text?: string }[] }[];
  };
  const last = [...h.messages].reverse().find((m) => m.role === 'assistant');
  return normalize((last?.parts ?? []).map((p) => (p.type === 'text' ? (p.text ?? '') : '')).join(''));
}

/** Opens the page on conversation `id` and waits until the tab has its role and the history shows. */
async function openTab(context: BrowserContext, id: string, role: 'leader' | 'follower'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${app.baseUrl}/?c=${encodeURIComponent(id)}`);
  await page.waitForFunction((r) => document.body.dataset.tabRole === r, role, { timeout: 15_000, polling: 20 });
  await page.waitForFunction(() => Number(document.getElementById('chat')?.dataset.count) >= 2, undefined, { timeout: 15_000 });
  return page;
}

const phaseOf = (page: Page) => page.locator('#chat').getAttribute('data-phase');
const answerOf = async (page: Page) => normalize(await page.locator('#answer').innerText());
const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

async function waitForPhase(page: Page, phase: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction((p) => document.getElementById('chat')?.dataset.phase === p, phase, { timeout, polling: 20 });
}

/** Waits until the page shows the answer to its second prompt with at least `chars` characters. */
async function waitForNewAnswer(page: Page, chars: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (min) =>
      Number(document.getElementById('chat')?.dataset.count) >= 4 &&
      (document.getElementById('answer')?.textContent ?? '').length >= min,
    chars,
    { timeout, polling: 10 },
  );
}

async function sendFrom(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const streamsSince = (from: number) =>
  seen.slice(from).filter((r) => (r.method === 'POST' && r.path === '/api/chat') || r.path.endsWith('/stream'));

describe('multi-tab sync in Chromium', () => {
  it('two tabs share one stream connection and show the same streamed text; the prompt can come from the follower', async () => {
    const context = await app.browser.newContext();
    try {
      const id = await newConversation();
      const a = await openTab(context, id, 'leader');
      const opened = seen.length;
      const b = await openTab(context, id, 'follower');
      const from = seen.length;
      expect(from).toBe(opened); // the follower loaded the conversation from the leader, not the server

      await sendFrom(b, 'Write something long about harbours');
      await waitForNewAnswer(b, 100);
      expect(await phaseOf(a)).toBe('generating'); // the follower shows it live
      await waitForPhase(a, 'complete');
      await waitForPhase(b, 'complete', 10_000);

      expect(streamsSince(from).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/chat']);
      const expected = await lastAnswerOnServer(id);
      expect(expected.length).toBeGreaterThan(500);
      expect(await answerOf(a)).toBe(expected);
      expect(await answerOf(b)).toBe(expected);
    } finally {
      await context.close();
    }
  });

  it('Stop in the follower tab stops the answer on the server', async () => {
    const context = await app.browser.newContext();
    try {
      const id = await newConversation();
      const a = await openTab(context, id, 'leader');
      const b = await openTab(context, id, 'follower');
      const from = seen.length;
      const abortsBefore = model.aborts;

      await sendFrom(a, 'Write something long about lighthouses');
      await waitForNewAnswer(b, 100);
      await b.getByRole('button', { name: 'Stop' }).click();
      await waitForPhase(a, 'cancelled', 10_000);
      await waitForPhase(b, 'cancelled', 10_000);

      await expect.poll(() => model.aborts, { timeout: 10_000 }).toBe(abortsBefore + 1);
      expect(seen.slice(from).filter((r) => r.path.endsWith('/cancel'))).toHaveLength(1);
      expect(streamsSince(from)).toHaveLength(1);
      const stoppedAt = await answerOf(a);
      expect(await answerOf(b)).toBe(stoppedAt);
      expect(stoppedAt.length).toBeGreaterThanOrEqual(100);
    } finally {
      await context.close();
    }
  });

  it('closing the leader tab mid-answer hands over to the other tab, which completes the answer', async () => {
    const context = await app.browser.newContext();
    try {
      const id = await newConversation();
      const a = await openTab(context, id, 'leader');
      const b = await openTab(context, id, 'follower');

      await sendFrom(a, 'Write something long about canals');
      await waitForNewAnswer(b, 100);
      const from = seen.length;
      await a.close();
      await b.waitForFunction(() => document.body.dataset.tabRole === 'leader', undefined, { timeout: 15_000 });
      await waitForPhase(b, 'complete');

      const resumes = seen.slice(from).filter((r) => r.path.endsWith('/stream'));
      expect(resumes).toHaveLength(1);
      expect(Number(resumes[0]?.lastEventId)).toBeGreaterThan(0);
      expect(await answerOf(b)).toBe(await lastAnswerOnServer(id));
    } finally {
      await context.close();
    }
  });
});
