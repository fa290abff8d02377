import type { Browser, Page } from 'playwright-core';
import { serveBuiltPage, type BuiltPage } from '../../support/builtPage';
import { launchChromium } from '../../support/chromium';
import type { HostileReport } from './page/HostileReport';
import { hostileCorpus } from './page/hostileCorpus';

/**
 * Hostile model output rendered in real Chromium through StreamingMarkdown (streamed chunk
 * by chunk, and final at once) and through ChatWidget over a fake SSE response: no payload
 * runs, nothing that could run script or load a hostile URL reaches the DOM (at any point,
 * not only at the end), and the page stays responsive while huge inputs render.
 */
/** Longest the main thread may be blocked in one go (a generous bound: this is a shared, busy machine). */
const MAX_BLOCKED_MS = 2000;

let served: BuiltPage | undefined;
let browser: Browser | undefined;
let baseUrl = '';
const figures: string[] = [];

beforeAll(async () => {
  served = await serveBuiltPage(new URL('./page/', import.meta.url));
  baseUrl = served.url;
  browser = await launchChromium();
});

afterAll(async () => {
  if (figures.length > 0) console.log(`hostile input, longest blocked interval per run:\n${figures.join('\n')}`);
  await browser?.close();
  await served?.close();
});

type HostileWindow = {
  hostile: {
    markdown(name: string, mode: 'streamed' | 'final'): Promise<HostileReport>;
    widget(): Promise<HostileReport>;
    hits(): string[];
    scan(): string[];
  };
  __hostile: (tag: string) => void;
};

/** Opens a fresh page; records dialogs (an `alert` from a payload) and page errors. */
async function openPage(): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(baseUrl);
  await page.waitForFunction(() => 'hostile' in window);
  return { page, dialogs, errors };
}

function expectSafe(report: HostileReport, dialogs: string[], errors: string[]): void {
  figures.push(
    `  ${`${report.name} (${report.mode})`.padEnd(36)} ${report.maxGapMs.toFixed(0).padStart(6)} ms blocked, ` +
      `${report.steps} renders in ${(report.ms / 1000).toFixed(1)} s, ${report.elements} elements`,
  );
  expect(report.hits).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  expect(report.violations).toEqual([]);
  expect(report.complete).toBe(true);
  expect(report.ticks).toBeGreaterThan(0);
  expect(report.maxGapMs).toBeLessThan(MAX_BLOCKED_MS);
}

describe('hostile model output in Chromium', () => {
  it('the tripwires work: a payload that runs, and unsafe markup, are seen', async () => {
    const { page, dialogs } = await openPage();
    try {
      const seen = await page.evaluate(async () => {
        const img = document.createElement('img');
        img.setAttribute('onerror', "window.__hostile('probe');alert('probe')");
        img.src = 'x:broken';
        document.getElementById('root')?.append(img);
        const link = document.createElement('a');
        link.setAttribute('href', ' JaVa\tScRiPt:void 0');
        document.getElementById('root')?.append(link);
        const hostile = (window as unknown as HostileWindow).hostile;
        for (let i = 0; i < 100 && hostile.hits().length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
        return { hits: hostile.hits(), violations: hostile.scan() };
      });
      expect(seen.hits).toEqual(['probe']);
      expect(seen.violations).toHaveLength(2);
      expect(dialogs).toEqual(['alert: probe']);
    } finally {
      await page.close();
    }
  });

  for (const sample of hostileCorpus()) {
    for (const mode of ['streamed', 'final'] as const) {
      it(`${sample.name}, ${mode}: no script runs, no unsafe markup, stays responsive`, async () => {
        const { page, dialogs, errors } = await openPage();
        try {
          const report = await page.evaluate(
            ([name, m]) => (window as unknown as HostileWindow).hostile.markdown(name, m),
            [sample.name, mode] as const,
          );
          expectSafe(report, dialogs, errors);
        } finally {
          await page.close();
        }
      });
    }
  }

  it('ChatWidget: hostile text, status, reasoning, tool calls and citation URLs over SSE', async () => {
    const { page, dialogs, errors } = await openPage();
    try {
      const report = await page.evaluate(() => (window as unknown as HostileWindow).hostile.widget());
      expectSafe(report, dialogs, errors);
      // The hostile markup is shown as text, not dropped silently.
      expect(await page.locator('.cw-widget').innerText()).toContain('<script>');
    } finally {
      await page.close();
    }
  });
});
