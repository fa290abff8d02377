import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createChatHandler, type ChatHandler } from '../../src/server/handler/createChatHandler';
import type { ChatHandlerOptions } from '../../src/server/handler/ChatHandlerOptions';
import { toNodeHandler } from '../../src/server/node/toNodeHandler';
import { bundlePage, closeServer, listenLocal, pageServer } from './bundledPage';
import { launchChromium } from './chromium';

/** Options of {@link pageSuite}. */
export interface PageSuiteOptions {
  /** The test page's entry, e.g. `new URL('./page.tsx', import.meta.url)` (bundled by `bundlePage`). */
  page: URL;
  /** The page's `<title>`. */
  title: string;
  /** The chat handler's options (its model, faults, ...). */
  handler: ChatHandlerOptions;
  /** Sees every chat API request before the handler does (tests record them). */
  onApiRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** What a {@link pageSuite} started; read it inside hooks and tests (it is ready after `beforeAll`). */
export interface PageSuite {
  /** Chromium, shared by the file's tests. */
  readonly browser: Browser;
  /** `http://127.0.0.1:<port>`: the page at `/`, the chat API at `/api/chat`. */
  readonly baseUrl: string;
  /** The chat handler behind the API. */
  readonly handler: ChatHandler;
}

/**
 * The setup of a browser test of a bundled test page (test/support/bundledPage.ts) against
 * the chat handler on one 127.0.0.1 port, in one call at the top of the file: bundles the
 * page, starts the handler and the server, launches Chromium, and closes all after the file.
 *
 * @example
 * ```ts
 * const app = pageSuite({ page: new URL('./page.tsx', import.meta.url), title: 'tabs', handler: { model: createMockModel() } });
 * it('opens', async () => {
 *   const page = await app.browser.newPage();
 *   await page.goto(app.baseUrl);
 * });
 * ```
 */
export function pageSuite(options: PageSuiteOptions): PageSuite {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let handler: ChatHandler | undefined;
  let baseUrl: string | undefined;

  beforeAll(async () => {
    const script = await bundlePage(options.page);
    handler = createChatHandler(options.handler);
    const api = toNodeHandler(handler, { origin: 'http://127.0.0.1' });
    const { onApiRequest } = options;
    server = pageServer({
      script,
      title: options.title,
      api: onApiRequest
        ? (req, res) => {
            onApiRequest(req, res);
            api(req, res);
          }
        : api,
    });
    baseUrl = await listenLocal(server);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await handler?.close();
    await closeServer(server);
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`pageSuite: ${what} is ready inside tests and hooks, after the file's beforeAll.`);
    return value;
  };
  return {
    get browser() {
      return ready(browser, 'browser');
    },
    get baseUrl() {
      return ready(baseUrl, 'baseUrl');
    },
    get handler() {
      return ready(handler, 'handler');
    },
  };
}
