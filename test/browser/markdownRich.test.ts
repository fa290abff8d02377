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
