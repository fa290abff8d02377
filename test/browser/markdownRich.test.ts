import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { serveBuiltPage, type BuiltPage } from '../support/builtPage';
import { launchChromium } from '../support/chromium';

let served: BuiltPage | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  served = await serveBuiltPage(new URL('./fixtures/markdown/', import.meta.url), { minify: false });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface Sample {
  /** The text outside code blocks and diagrams. */
  text: string;
  code: string;
  diagram: boolean;
}

const answer = [
  'Energy is $E = mc^2$ and a price is $5 or $10 [^cost].\n\n',
  'The sum:\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\n',
  'Inline \\(a^2 + b^2 = c^2\\) and display \\[x_{1,2}\\] here[^why].\n\n',
  '```mermaid\ngraph LR\n  Client-->Server\n```\n\n',
  'After the diagram.\n\n[^cost]: Prices vary.\n[^why]: Pythagoras.\n',
].join('');

/** Streams `answer` in small chunks, one every few ms, while sampling the DOM on every animation frame. */
async function streamAndSample(page: Page): Promise<Sample[]> {
  return page.evaluate(async (text) => {
    const fixture = (window as unknown as { fixture: { set(next: Record<string, unknown>): void } }).fixture;
    const samples: Sample[] = [];
    let sampling = true;
    const tick = (): void => {
      const root = document.querySelector('.cw-markdown');
      if (root) {
        const clone = root.cloneNode(true) as HTMLElement;
        for (const node of clone.querySelectorAll('.cw-code-block, .cw-mermaid, .cw-math')) node.remove();
        samples.push({ text: clone.textContent ?? '', code: root.querySelector('.cw-code-block')?.textContent ?? '', diagram: root.querySelector('.cw-mermaid svg') !== null });
      }
      if (sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    for (let end = 0; end <= text.length; end += 3) {
      fixture.set({ text: text.slice(0, end), streaming: true });
      await new Promise((resolve) => setTimeout(resolve, 4));
    }
    fixture.set({ text, streaming: false });
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline && !document.querySelector('.cw-mermaid svg')) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 100));
    sampling = false;
    return samples;
  }, answer);
}

describe('math, diagrams and footnotes streaming in Chromium', () => {
  it('never show raw math, footnote or diagram markup, in any frame, and end as the one-shot render', async () => {
    if (!browser || !served) throw new Error('Chromium did not start');
    const page = await browser.newPage();
    await page.goto(served.url);
    await page.waitForFunction(() => 'fixture' in window);
    const samples = await streamAndSample(page);
    expect(samples.length).toBeGreaterThan(20);
    for (const [index, sample] of samples.entries()) {
      expect({ index, raw: /\$\$|\\\[|\\\(|\[\^|\$[A-Za-z\\]|```/.exec(sample.text)?.[0] }).toEqual({ index, raw: undefined });
    }
    const shown = samples.findIndex((sample) => sample.diagram);
    expect(shown).toBeGreaterThan(0);
    for (const sample of samples.slice(shown)) expect(sample.code).not.toContain('Client-->Server');

    const streamed = await page.locator('.cw-markdown').innerHTML();
    expect(await page.locator('.cw-math math').count()).toBe(4);
    expect(await page.locator('section.cw-footnotes li').count()).toBe(2);
    expect(await page.locator('sup.cw-footnote-ref a').count()).toBe(2);
    expect(await page.locator('.cw-markdown').textContent()).toContain('a price is $5 or $10');

    const fresh = await browser.newPage();
    await fresh.goto(served.url);
    await fresh.waitForFunction(() => 'fixture' in window);
    await fresh.evaluate((text) => (window as unknown as { fixture: { set(next: Record<string, unknown>): void } }).fixture.set({ text, streaming: false }), answer);
    await fresh.waitForSelector('.cw-mermaid svg', { timeout: 20_000 });
    await fresh.waitForFunction(() => document.querySelectorAll('.cw-math math').length === 4);
    const normalize = (html: string) => html.replace(/id="[^"]*"|href="#[^"]*"|aria-(?:describedby|labelledby)="[^"]*"|mermaid-\d+|cw-mermaid-\d+/g, '');
    expect(normalize(await fresh.locator('.cw-markdown').innerHTML())).toBe(normalize(streamed));
    await fresh.close();
    await page.close();
  }, 90_000);
});

describe('a table wider than the message, in Chromium', () => {
  const stamp = '2026-12-02T22:00:00Z';
  const wide = (first: string) => `| ${first} | ${Array.from({ length: 7 }, (_, i) => `Column${i + 2}`).join(' | ')} |\n|${'---|'.repeat(8)}\n| ${Array.from({ length: 8 }, () => stamp).join(' | ')} |\n`;
  const text = `${wide('Started')}\nBetween.\n\n| Plan | Price |\n|---|---|\n| Pro | 10 |\n\n${wide('Ended')}`;
  const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

  it('scrolls inside a focusable, named region that the keyboard scrolls with the arrow keys; a table that fits is no tab stop; axe finds nothing', async () => {
    if (!browser || !served) throw new Error('Chromium did not start');
    const page = await browser.newPage();
    try {
      await page.goto(served.url);
      await page.waitForFunction(() => 'fixture' in window);
      await page.evaluate((markdown) => (window as unknown as { fixture: { set(next: Record<string, unknown>): void } }).fixture.set({ text: markdown, streaming: false }), text);
      await page.waitForFunction(() => document.querySelectorAll('.cw-table[data-overflow="true"]').length === 2);
      const boxes = await page.$$eval('.cw-table', (els) =>
        els.map((el) => ({ role: el.getAttribute('role'), name: el.getAttribute('aria-label'), tabIndex: el.getAttribute('tabindex'), wider: el.scrollWidth > el.clientWidth, width: el.clientWidth })),
      );
      const names = ['Table: Started, Column2, Column3, Column4, Column5, Column6, Column7, Column8', 'Table: Ended, Column2, Column3, Column4, Column5, Column6, Column7, Column8'];
      expect(boxes.map(({ role, name, tabIndex, wider }) => ({ role, name, tabIndex, wider }))).toEqual([
        { role: 'region', name: names[0], tabIndex: '0', wider: true },
        { role: null, name: null, tabIndex: null, wider: false },
        { role: 'region', name: names[1], tabIndex: '0', wider: true },
      ]);
      // The boxes stay as wide as the message (560 px): the tables scroll inside them.
      for (const box of boxes) expect(box.width).toBeLessThanOrEqual(560);

      // Tab reaches the first wide table (focus ring drawn), the arrow keys scroll it, Tab goes to the second, past the narrow one.
      await page.locator('body').focus();
      await page.keyboard.press('Tab');
      const focused = () => page.evaluate(() => ({ name: document.activeElement?.getAttribute('aria-label'), ring: document.activeElement?.matches(':focus-visible') ? getComputedStyle(document.activeElement).outlineStyle : 'none' }));
      expect(await focused()).toEqual({ name: names[0], ring: 'solid' });
      for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => (document.querySelector('.cw-table') as HTMLElement).scrollLeft > 0);
      await page.keyboard.press('Tab');
      expect((await focused()).name).toBe(names[1]);

      await page.addScriptTag({ path: axeScript });
      for (const theme of ['light', 'dark']) {
        await page.locator('.cw-theme').evaluate((el, t) => el.setAttribute('data-theme', t), theme);
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run: (context: Element, options: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(
            document.querySelector('.cw-theme') as Element,
            { rules: { region: { enabled: false } } },
          );
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        expect({ theme, violations }).toEqual({ theme, violations: [] });
      }
    } finally {
      await page.close();
    }
  });
});
