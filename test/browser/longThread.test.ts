import type { Browser, Page } from 'playwright-core';
import { NEEDLE } from '../../bench/longThread/thread';
import { serveBuiltPage, type BuiltPage } from '../support/builtPage';
import { launchChromium } from '../support/chromium';

/**
 * A ChatWidget opening a finished conversation of 300 exchanges (~955k characters, the
 * long-thread benchmark's page): what is in view renders first, the older messages are text
 * groups (searchable) until idle time mounts them in slots as plain text, and render in full
 * near the viewport (docs/rendering.md, "Long conversations").
 */
let served: BuiltPage | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  served = await serveBuiltPage(new URL('../../bench/longThread/', import.meta.url));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface LongThread {
  open(): Promise<{ ttiMs: number; domNodes: number; mounted: number }>;
  history(): Promise<HTMLElement>;
  settle(): Promise<{ domNodes: number }>;
  stream(options: { tokens: number; intervalMs: number }): Promise<{ tokens: number }>;
  afterPaint(): Promise<number>;
  ready(): boolean;
}
type Win = { longThread: LongThread };

async function openThread(): Promise<Page & { opened: { mounted: number } }> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage();
  await page.goto(`${served?.url}?contender=chatwire&exchanges=300`);
  await page.waitForFunction(() => 'longThread' in window);
  const opened = await page.evaluate(() => (window as unknown as Win).longThread.open());
  return Object.assign(page, { opened });
}

const settle = (page: Page) => page.evaluate(() => (window as unknown as Win).longThread.settle());
const frames = (page: Page, count: number) =>
  page.evaluate(async (n) => {
    for (let i = 0; i < n; i += 1) await (window as unknown as Win).longThread.afterPaint();
  }, count);
const distanceFromBottom = (page: Page) =>
  page.$eval('.cw-message-list-viewport', (el) => el.scrollHeight - el.scrollTop - el.clientHeight);

describe('a long conversation in Chromium', () => {
  it('opens at the bottom with what is in view in full, the text of every message in the DOM, then mounts the rest in slots as plain text', async () => {
    if (!browser) throw new Error('Chromium did not start');
    const page = await browser.newPage();
    await page.goto(`${served?.url}?contender=chatwire&exchanges=300`);
    await page.waitForFunction(() => 'longThread' in window);
    // Interactive with the last messages; the earlier ones looked at as soon as they are on the page, before any idle callback.
    const opened = await page.evaluate(async (word) => {
      await (window as unknown as Win).longThread.open();
      await (window as unknown as Win).longThread.history();
      const mounted = document.querySelectorAll('.cw-message-slot').length;
      const texts = [...document.querySelectorAll<HTMLElement>('.cw-message-group[data-render="text"]')];
      const words = texts.map((group) => group.textContent ?? '').join('\n\n');
      return { mounted, texts: texts.length, first: texts[0]?.dataset.start, last: texts.at(-1)?.dataset.end, firstPrompt: words.includes('Question 1: what changed'), needle: words.includes(word) };
    }, NEEDLE);
    expect(await page.evaluate(() => (window as unknown as Win).longThread.ready())).toBe(true);
    // Only the last earlier messages were in slots; text groups held all the others, from the first on.
    expect(opened.mounted).toBeLessThanOrEqual(40);
    expect(opened.texts).toBeGreaterThan(10);
    expect(opened.first).toBe('0');
    expect(Number(opened.last)).toBe(598 - opened.mounted);
    expect(opened).toMatchObject({ firstPrompt: true, needle: true });
    const { domNodes } = await settle(page);
    expect(await page.locator('.cw-message-group[data-render="text"]').count()).toBe(0);
    // The earlier messages in slots, the last two rendered by the list itself.
    expect(await page.locator('.cw-message-slot').count()).toBe(598);
    expect(await page.locator('.cw-message').count()).toBe(600);
    // Each frame the browser checks every content-visibility box not inside a skipped one, and
    // paints it: the history is blocks of 500 messages (10 groups of 50), so that work is per
    // block, not per group or message.
    const blocks = await page.$$eval('.cw-message-history > *', (els) =>
      els.map((el) => ({ block: el.classList.contains('cw-message-block'), visibility: getComputedStyle(el).contentVisibility, groups: el.querySelectorAll(':scope > .cw-message-group').length })),
    );
    expect(blocks).toEqual([
      { block: true, visibility: 'auto', groups: 10 },
      { block: true, visibility: 'auto', groups: 2 },
    ]);
    const full = await page.locator('.cw-message-slot[data-render="full"]').count();
    expect(full).toBeGreaterThan(0);
    expect(full).toBeLessThanOrEqual(62); // maxRenderedMessages (60) + the two most recent earlier ones
    // Every message is in the DOM, most as one text node: far from the 97k nodes of a full render.
    expect(domNodes).toBeLessThan(15_000);
    expect(await distanceFromBottom(page)).toBeLessThanOrEqual(2);
    await page.close();
  });

  it('jumps to latest after scrolling up', async () => {
    const page = await openThread();
    await settle(page);
    await page.$eval('.cw-message-list-viewport', (el) => {
      el.scrollTop = 0;
    });
    await page.waitForSelector('.cw-message-list[data-pinned="false"]');
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await page.waitForSelector('.cw-message-list[data-pinned="true"]');
    await frames(page, 3);
    expect(await distanceFromBottom(page)).toBeLessThanOrEqual(2);
    expect(await page.evaluate(() => (window as unknown as Win).longThread.ready())).toBe(true);
    await page.close();
  });

  it('stays pinned to the bottom while an answer streams below the history', async () => {
    const page = await openThread();
    await settle(page);
    // Where every frame that will be painted stands: after layout and the list's own
    // ResizeObserver (this one is created later, so it is called after it), before paint. A
    // sample taken in a task after paint could see content a later task grew, not painted yet.
    const samples = await page.evaluate(async () => {
      const { longThread } = window as unknown as Win;
      const viewport = document.querySelector('.cw-message-list-viewport') as HTMLElement;
      const seen: number[] = [];
      const observer = new ResizeObserver(() => seen.push(viewport.scrollHeight - viewport.scrollTop - viewport.clientHeight));
      observer.observe(document.querySelector('.cw-message-list-content') as HTMLElement);
      await longThread.stream({ tokens: 300, intervalMs: 8 });
      observer.disconnect();
      return seen;
    });
    // The answer grew the list a line or a block at a time, more than ten times.
    expect(samples.length).toBeGreaterThan(10);
    expect(Math.max(...samples)).toBeLessThanOrEqual(2);
    expect(await page.getAttribute('.cw-message-list', 'data-pinned')).toBe('true');
    expect(await page.locator('.cw-message').last().getAttribute('data-role')).toBe('assistant');
    expect(await page.locator('.cw-message').last().locator('.cw-markdown').count()).toBe(1);
    await page.close();
  });

  it('finds a word of an old message with find-in-page as soon as the history is on the page, without idle time, and renders that message in full where the word was', async () => {
    if (!browser) throw new Error('Chromium did not start');
    const page = await browser.newPage();
    // A page that never has idle time: nothing mounts in slots by the idle fill.
    await page.addInitScript(() => {
      Object.assign(window, { requestIdleCallback: () => 0, cancelIdleCallback: () => undefined });
    });
    await page.goto(`${served?.url}?contender=chatwire&exchanges=300`);
    await page.waitForFunction(() => 'longThread' in window);
    const found = await page.evaluate(async (word) => {
      await (window as unknown as Win).longThread.open();
      await (window as unknown as Win).longThread.history();
      const hit = (window as unknown as { find(text: string): boolean }).find(word);
      const selection = getSelection();
      const group = selection?.anchorNode?.parentElement?.closest<HTMLElement>('.cw-message-group');
      // What the browser's find bar does next: bring the match to the middle of the viewport.
      const viewport = document.querySelector('.cw-message-list-viewport') as HTMLElement;
      const box = viewport.getBoundingClientRect();
      const match = selection?.getRangeAt(0).getBoundingClientRect();
      if (match) viewport.scrollTop += match.top - (box.top + box.height / 2);
      return { hit, text: selection?.toString(), render: group?.dataset.render, start: group?.dataset.start };
    }, NEEDLE);
    expect(found).toEqual({ hit: true, text: NEEDLE, render: 'text', start: '0' });
    // Near the viewport, the text group becomes slots at once, and the message renders as markdown, the word still in view.
    await page.waitForSelector('.cw-message-slot[data-id="a5"][data-render="full"]', { timeout: 5_000 });
    await frames(page, 5);
    const visible = await page.evaluate((word) => {
      const viewport = document.querySelector('.cw-message-list-viewport') as HTMLElement;
      const paragraph = [...document.querySelectorAll('.cw-message-slot[data-id="a5"] p')].find((p) => p.textContent?.includes(word));
      if (!paragraph) return 'no paragraph';
      const box = viewport.getBoundingClientRect();
      const rect = paragraph.getBoundingClientRect();
      return rect.bottom > box.top && rect.top < box.bottom ? 'in view' : `out of view (${rect.top - box.top} px from the top)`;
    }, NEEDLE);
    expect(visible).toBe('in view');
    await page.close();
  });

  it('finds a word of an old message with find-in-page once filled in, and renders that message in full', async () => {
    const page = await openThread();
    await settle(page);
    const slot = page.locator('.cw-message-slot[data-id="a5"]');
    expect(await slot.getAttribute('data-render')).toBe('plain');
    expect(await page.evaluate((word) => (window as unknown as { find(text: string): boolean }).find(word), NEEDLE)).toBe(true);
    const selected = await page.evaluate(() => {
      const selection = getSelection();
      const node = selection?.anchorNode;
      // What the browser's find bar does next (window.find selects but does not scroll a
      // nested scroller): bring the match to the middle of the viewport.
      const viewport = document.querySelector('.cw-message-list-viewport') as HTMLElement;
      const box = viewport.getBoundingClientRect();
      const match = selection?.getRangeAt(0).getBoundingClientRect();
      if (match) viewport.scrollTop += match.top - (box.top + box.height / 2);
      return { text: getSelection()?.toString(), slot: (node?.parentElement?.closest('.cw-message-slot') as HTMLElement | null)?.dataset.id };
    });
    expect(selected).toEqual({ text: NEEDLE, slot: 'a5' });
    // Scrolled into view, the message renders as markdown.
    await page.waitForSelector('.cw-message-slot[data-id="a5"][data-render="full"]');
    const visible = await page.evaluate((word) => {
      const viewport = document.querySelector('.cw-message-list-viewport') as HTMLElement;
      const paragraph = [...document.querySelectorAll('.cw-message-slot[data-id="a5"] p')].find((p) => p.textContent?.includes(word));
      if (!paragraph) return false;
      const box = viewport.getBoundingClientRect();
      const rect = paragraph.getBoundingClientRect();
      return rect.bottom > box.top && rect.top < box.bottom;
    }, NEEDLE);
    expect(visible).toBe(true);
    await page.close();
  });

  it('keeps the message in view still while the messages around it render in full', async () => {
    const page = await openThread();
    await settle(page);
    // Bring a plain message far up the history across the middle of the viewport; the ones
    // around it (above too) then render as markdown, with other heights than their plain text.
    const before = await page.evaluate(() => {
      const viewport = document.querySelector('.cw-message-list-viewport') as HTMLElement;
      const slot = document.querySelector('.cw-message-slot[data-id="a150"]') as HTMLElement;
      viewport.scrollTop += slot.getBoundingClientRect().top - viewport.getBoundingClientRect().top - 100;
      return { render: slot.dataset.render, top: slot.getBoundingClientRect().top - viewport.getBoundingClientRect().top };
    });
    expect(before.render).toBe('plain');
    await page.waitForSelector('.cw-message-slot[data-id="a149"][data-render="full"]');
    await frames(page, 5);
    const after = await page.evaluate(() => {
      const viewport = document.querySelector('.cw-message-list-viewport') as HTMLElement;
      const slot = document.querySelector('.cw-message-slot[data-id="a150"]') as HTMLElement;
      return { render: slot.dataset.render, top: slot.getBoundingClientRect().top - viewport.getBoundingClientRect().top };
    });
    expect(after.render).toBe('full');
    expect(Math.abs(after.top - before.top)).toBeLessThanOrEqual(2);
    await page.close();
  });
});
