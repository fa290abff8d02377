/**
 * Issue 10, row 1, in real Chromium: the attack as it was reproduced. The chat server
 * (cors off, the default) signs users in with a cookie for 127.0.0.1; a page on another
 * port of the same host, so same-site, posts `text/plain` with credentials (a `no-cors`
 * fetch needs no preflight). The cookie goes along, but no generation starts. The same
 * request from the chat server's own origin still works.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Browser } from 'playwright-core';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import { toNodeHandler } from '../../../src/server/node/toNodeHandler';
import { closeServer, listenLocal } from '../../support/bundledPage';
import { launchChromium } from '../../support/chromium';

interface Seen {
  method: string;
  path: string;
  cookie: string | null;
  site: string | null;
  status?: number;
}

const PAGE = '<!doctype html><html><head><title>page</title></head><body>a page</body></html>';
const servers: Server[] = [];
const seen: Seen[] = [];
let browser: Browser | undefined;
let handler: ChatHandler | undefined;
let model: MockModel;
let chatUrl = '';
let attackerUrl = '';

beforeAll(async () => {
  model = createMockModel({ delayMs: 0 });
  handler = createChatHandler({
    model,
    heartbeatMs: 60_000,
    authorize: (request) => (/(^|;\s*)cwuser=alice(;|$)/.test(request.headers.get('cookie') ?? '') ? { userId: 'alice' } : null),
  });
  const api = toNodeHandler(handler);
  // The chat server: its own page at / (signs the browser in), the API under /api/chat.
  const chat = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!path.startsWith('/api/')) {
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'cwuser=alice; Path=/; SameSite=Lax' });
      return void res.end(PAGE);
    }
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
    const entry: Seen = { method: req.method ?? 'GET', path, cookie: header('cookie'), site: header('sec-fetch-site') };
    seen.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    api(req, res);
  });
  servers.push(chat);
  chatUrl = await listenLocal(chat);
  const attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  servers.push(attacker);
  attackerUrl = await listenLocal(attacker);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await handler?.close();
  for (const server of servers) await closeServer(server);
});

describe('a page on another port of the same host (same-site, not same-origin), cors off', () => {
  it('cannot start a generation with the signed-in user\'s cookie: text/plain, credentials, no-cors', async () => {
    const context = await browser!.newContext();
    try {
      // The victim signed in on the chat server, then opens the other page.
      const own = await context.newPage();
      await own.goto(`${chatUrl}/`);
      const page = await context.newPage();
      await page.goto(`${attackerUrl}/`);
      const before = seen.length;
      await page.evaluate(async (api) => {
        await fetch(`${api}/api/chat`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ message: { text: 'Write something long, on my account' } }),
        });
        // And the same as JSON (which no-cors may not send as such), and a history read.
        await fetch(`${api}/api/chat`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: JSON.stringify({ message: { text: 'again' } }) });
      }, chatUrl);
      await expect.poll(() => seen.slice(before).filter((s) => s.status !== undefined).length, { timeout: 10_000 }).toBe(2);
      const attempts = seen.slice(before);
      for (const attempt of attempts) {
        expect(attempt).toMatchObject({ method: 'POST', path: '/api/chat', site: 'same-site', status: 403 });
        expect(attempt.cookie).toContain('cwuser=alice'); // the browser did send the cookie: the server refused
      }
      expect(model.calls).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('while the chat server\'s own page (same origin) still starts one', async () => {
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${chatUrl}/`);
      const text = await page.evaluate(async () => {
        const response = await fetch('/api/chat', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: { text: 'hello' } }),
        });
        return `${response.status} ${await response.text()}`;
      });
      expect(text).toMatch(/^200 /);
      expect(text).toContain('event: done');
      expect(seen.at(-1)).toMatchObject({ site: 'same-origin', status: 200 });
      expect(model.calls).toBe(1);
    } finally {
      await context.close();
    }
  });
});
