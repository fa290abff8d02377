/**
 * Cross-origin chat in real Chromium: the page (a ChatWidget) is served from one
 * 127.0.0.1 port, the chat handler (through toNodeHandler, `cors` on, cookie sign-in)
 * from another, so every request is a CORS request with credentials. A third port serves
 * the same page from an origin the handler does not allow.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import { toNodeHandler } from '../../../src/server/node/toNodeHandler';
import { answerText, messageBox, sendPrompt, waitForAnswerLength, waitForPhase } from '../../support/chatPage';
import { bundlePage, closeServer, listenLocal, pageServer } from '../../support/bundledPage';
import { launchChromium } from '../../support/chromium';

/** One request the chat server got. */
interface Seen {
  method: string;
  path: string;
  origin: string | null;
  cookie: string | null;
  lastEventId: string | null;
  status?: number;
}

// The mock's "long" scenario: ~1,050 events; at 4 ms each, ~4 s, so Stop and a drop land mid-answer.
const PROMPT = 'Write something long about harbours';
const DROP_AFTER = 150;

const servers: Server[] = [];
const seen: Seen[] = [];
let browser: Browser | undefined;
let handler: ChatHandler | undefined;
let model: MockModel;
let apiUrl = '';
let pageUrl = '';
let otherPageUrl = '';

async function listen(server: Server): Promise<string> {
  servers.push(server);
  return listenLocal(server);
}

beforeAll(async () => {
  const script = await bundlePage(new URL('./page.tsx', import.meta.url));
  // The page signs the browser in (a cookie for 127.0.0.1, any port).
  const page = () => pageServer({ script, title: 'chatwire cors', pageHeaders: { 'set-cookie': 'cwuser=alice; Path=/; SameSite=Lax' } });
  pageUrl = await listen(page());
  otherPageUrl = await listen(page());

  model = createMockModel({ delayMs: 4 });
  handler = createChatHandler({
    model,
    heartbeatMs: 60_000,
    cors: { origin: [pageUrl], credentials: true },
    faults: { allowRequestHeader: true },
    authorize: (request) => (/(^|;\s*)cwuser=alice(;|$)/.test(request.headers.get('cookie') ?? '') ? { userId: 'alice' } : null),
  });
  const api = toNodeHandler(handler);
  apiUrl = await listen(
    createServer((req: IncomingMessage, res: ServerResponse) => {
      const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
      const entry: Seen = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
        origin: header('origin'),
        cookie: header('cookie'),
        lastEventId: header('last-event-id'),
      };
      seen.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
      api(req, res);
    }),
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await handler?.close();
  for (const server of servers) await closeServer(server);
});

async function openPage(context: BrowserContext, origin: string, query = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${origin}/?api=${encodeURIComponent(`${apiUrl}/api/chat`)}${query}`);
  await messageBox(page).waitFor({ state: 'visible', timeout: 15_000 });
  return page;
}

/** Runs `body` with a fresh page from `origin`, closing its context after. */
async function withPage<T>(origin: string, query: string, body: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser!.newContext();
  try {
    return await body(await openPage(context, origin, query));
  } finally {
    await context.close();
  }
}

/** Polls (bounded) until `check` holds. */
async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

const fromPage = (s: Seen) => s.origin === pageUrl;

describe('cross-origin chat (cors + credentials) in Chromium', () => {
  let uninterrupted = '';

  it('sends a prompt from another origin and streams the answer to completion', async () => {
    const before = seen.length;
    uninterrupted = await withPage(pageUrl, '', async (page) => {
      await sendPrompt(page, PROMPT);
      await waitForPhase(page, ['complete', 'error', 'cancelled'], 60_000);
      expect(await page.locator('.cw-widget').getAttribute('data-phase')).toBe('complete');
      return answerText(page);
    });
    expect(uninterrupted.length).toBeGreaterThan(3000);
    const requests = seen.slice(before);
    // The browser asked first (content-type: application/json is not a simple request), then posted with the cookie.
    expect(requests.find((s) => s.method === 'OPTIONS' && s.path === '/api/chat')).toMatchObject({ origin: pageUrl, status: 204 });
    const post = requests.find((s) => s.method === 'POST' && s.path === '/api/chat');
    expect(post).toMatchObject({ origin: pageUrl, status: 200 });
    expect(post?.cookie).toContain('cwuser=alice');
  });

  it('Stop reaches the server from the other origin: the model is aborted and the answer ends cancelled', async () => {
    const before = seen.length;
    const abortsBefore = model.aborts;
    await withPage(pageUrl, '', async (page) => {
      await sendPrompt(page, `${PROMPT} and ships`);
      await waitForAnswerLength(page, 300);
      await page.getByRole('button', { name: 'Stop' }).click();
      await waitForPhase(page, 'cancelled');
      await until(() => model.aborts > abortsBefore, 5_000);
      expect(model.aborts).toBe(abortsBefore + 1);
      const partial = await answerText(page);
      expect(partial.length).toBeGreaterThanOrEqual(300);
      expect(partial.length).toBeLessThan(3000);
    });
    const cancel = seen.slice(before).find((s) => s.method === 'POST' && s.path.endsWith('/cancel'));
    expect(cancel).toMatchObject({ origin: pageUrl, status: 200 });
    expect(cancel?.cookie).toContain('cwuser=alice');
  });

  it('resumes cross-origin with Last-Event-ID after the server drops the stream, ending with the uninterrupted text', async () => {
    expect(uninterrupted.length).toBeGreaterThan(0);
    const before = seen.length;
    const text = await withPage(pageUrl, `&drop=${DROP_AFTER}`, async (page) => {
      await sendPrompt(page, PROMPT);
      await waitForPhase(page, ['complete', 'error', 'cancelled'], 60_000);
      expect(await page.locator('.cw-widget').getAttribute('data-phase')).toBe('complete');
      return answerText(page);
    });
    expect(text).toBe(uninterrupted);
    const requests = seen.slice(before);
    // Last-Event-ID is not a simple header: the resume was preflighted, then sent with it and the cookie.
    expect(requests.find((s) => s.method === 'OPTIONS' && s.path.endsWith('/stream'))).toMatchObject({ origin: pageUrl, status: 204 });
    const resume = requests.find((s) => s.method === 'GET' && s.path.endsWith('/stream') && fromPage(s));
    expect(resume?.status).toBe(200);
    expect(resume?.cookie).toContain('cwuser=alice');
    expect(Number(resume?.lastEventId)).toBeGreaterThan(DROP_AFTER / 2);
    expect(Number(resume?.lastEventId)).toBeLessThanOrEqual(DROP_AFTER);
  });

  it('a page on an origin the server does not allow gets a visible error, and no generation starts', async () => {
    const before = seen.length;
    const callsBefore = model.calls;
    await withPage(otherPageUrl, '', async (page) => {
      await sendPrompt(page, 'hello from elsewhere');
      await waitForPhase(page, 'error');
      const alert = page.getByRole('alert');
      await alert.first().waitFor({ state: 'visible', timeout: 10_000 });
      // The browser hides why (CORS refusals look like network errors to the page); the error
      // says the server could not be reached and names CORS as a cause to check.
      expect(await alert.first().innerText()).toMatch(/Could not reach the server.*CORS/s);
      expect(await page.locator('.cw-message[data-role="assistant"] .cw-markdown').count()).toBe(0);
    });
    const requests = seen.slice(before);
    expect(requests.find((s) => s.method === 'OPTIONS')).toMatchObject({ origin: otherPageUrl, status: 403 });
    expect(requests.filter((s) => s.method !== 'OPTIONS')).toEqual([]);
    expect(model.calls).toBe(callsBefore);
  });
});
