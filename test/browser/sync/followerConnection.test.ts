/**
 * A follower tab shows the leader's connection, in real Chromium: two pages of one browser
 * context (one origin: shared BroadcastChannel and Web Locks) with a `ChatWidget` on one
 * conversation, against the chatwire server companion (mock model) on 127.0.0.1. The
 * server drops the leader's answer stream mid-answer (test-mode fault header); the leader
 * reconnects, and the follower's widget shows it.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { createMockModel } from '../../../src/server/models/mock';
import { newConversation as startConversation } from '../../support/bundledPage';
import { pageSuite } from '../../support/pageSuite';

interface Seen {
  connection: string | undefined;
  banner: string | null;
}

const app = pageSuite({
  page: new URL('./widgetPage.tsx', import.meta.url),
  title: 'chatwire follower',
  handler: { model: createMockModel({ delayMs: 5 }), heartbeatMs: 60_000, faults: { allowRequestHeader: true } },
});

/** A conversation with one finished exchange; returns its id. */
const newConversation = (): Promise<string> => startConversation(app.baseUrl);

/** Opens the widget page on conversation `id`, recording the page's requests to the chat API. */
async function openTab(context: BrowserContext, id: string, role: 'leader' | 'follower', requests: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/chat')) requests.push(`${request.method()} ${url.pathname} ${request.headers()['last-event-id'] ?? ''}`.trim());
  });
  await page.goto(`${app.baseUrl}/?c=${encodeURIComponent(id)}&drop=40`);
  await page.waitForFunction((r) => document.body.dataset.tabRole === r, role, { timeout: 15_000, polling: 20 });
  await page.waitForFunction(() => document.querySelectorAll('.cw-message').length >= 2, undefined, { timeout: 15_000 });
  return page;
}

const widget = (page: Page) => page.locator('.cw-widget');
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { connections: Seen[] }).connections);

describe('a follower tab in Chromium', () => {
  it('shows "Reconnecting..." while the leader’s stream is down, then the resumed stream, then the complete answer', async () => {
    const context = await app.browser.newContext();
    try {
      const id = await newConversation();
      const leaderRequests: string[] = [];
      const followerRequests: string[] = [];
      const a = await openTab(context, id, 'leader', leaderRequests);
      const b = await openTab(context, id, 'follower', followerRequests);
      const leaderFrom = leaderRequests.length;
      const bFrom = (await recorded(b)).length;

      await a.getByRole('textbox', { name: 'Message' }).fill('Write something long about harbours');
      await a.getByRole('button', { name: 'Send' }).click();

      // The follower's own widget, while the leader waits to reconnect (1 s).
      await b.locator('.cw-banner').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await widget(b).getAttribute('data-connection')).toBe('reconnecting');
      expect(await b.locator('.cw-banner').innerText()).toBe('Reconnecting...');
      expect(await widget(b).getAttribute('data-phase')).toBe('generating'); // a drop never changes the phase

      await b.waitForFunction(() => document.querySelector<HTMLElement>('.cw-widget')?.dataset.phase === 'complete', undefined, {
        timeout: 60_000,
        polling: 20,
      });
      await b.waitForFunction(() => document.querySelector<HTMLElement>('.cw-widget')?.dataset.connection === 'closed', undefined, {
        timeout: 10_000,
        polling: 20,
      });
      expect(await b.locator('.cw-banner').count()).toBe(0);

      // Everything the follower's widget showed: the leader's states, in order.
      const states = (await recorded(b)).slice(bFrom);
      const connections = states.map((s) => s.connection);
      const down = connections.indexOf('reconnecting');
      expect(connections.slice(0, down)).toEqual(['connecting', 'open']);
      expect(states[down]?.banner).toBe('Reconnecting...');
      expect(['replaying', 'open']).toContain(connections[down + 1]);
      expect(connections.at(-1)).toBe('closed');
      expect(states.filter((s) => s.banner !== null).every((s) => s.connection === 'reconnecting')).toBe(true);

      // One connection: the leader's start request and its one resume after the drop; none from the follower.
      const streams = leaderRequests.slice(leaderFrom).filter((r) => r.startsWith('POST /api/chat') || r.includes('/stream'));
      expect(streams).toHaveLength(2);
      expect(streams[0]).toBe('POST /api/chat');
      expect(streams[1]).toMatch(new RegExp(`^GET /api/chat/${id}/stream \\d+$`));
      expect(followerRequests).toEqual([]);
      expect(await b.locator('.cw-message[data-role="assistant"]').last().innerText()).toBe(
        await a.locator('.cw-message[data-role="assistant"]').last().innerText(),
      );
    } finally {
      await context.close();
    }
  });
});
