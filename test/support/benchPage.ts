import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Options of {@link withBenchPage}. */
export interface BenchPageOptions {
  /** Names the page in errors (the contender, the variant). */
  label: string;
  /** The global the page sets once it is ready to measure (`'renderBench' in window`). */
  ready: string;
  /** How long the page may take to get ready, in ms. Default 30,000. */
  timeout?: number;
}

/**
 * One measurement of a bench page in headless Chromium: opens `url` in a fresh browser
 * context, waits for the page's `ready` global, runs `use`, fails naming `label` if the page
 * threw meanwhile, and closes the context.
 *
 * @example
 * ```ts
 * const run = await withBenchPage(browser, `${url}?contender=chatwire`, { label: 'chatwire', ready: 'renderBench' }, (page) =>
 *   page.evaluate(() => (window as unknown as { renderBench: { run(): Promise<number> } }).renderBench.run()),
 * );
 * ```
 */
export async function withBenchPage<T>(
  browser: Browser,
  url: string,
  { label, ready, timeout = 30_000 }: BenchPageOptions,
  use: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForFunction((name) => name in window, ready, { timeout });
    const result = await use(page, context);
    if (errors.length > 0) throw new Error(`${label}: the page threw: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}
