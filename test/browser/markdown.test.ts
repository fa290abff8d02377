import type { Browser, Page } from 'playwright-core';
import { serveBuiltPage, type BuiltPage } from '../support/builtPage';
import { launchChromium } from '../support/chromium';

let served: BuiltPage | undefined;
let browser: Browser | undefined;
let baseUrl = '';

beforeAll(async () => {
  served = await serveBuiltPage(new URL('./fixtures/markdown/', import.meta.url), { minify: false });
  baseUrl = served.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function openPage(): Promise<Page> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage();
  await page.goto(baseUrl);
  await page.waitForFunction(() => 'fixture' in window);
  return page;
}

type Fixture = { fixture: { set(next: Record<string, unknown>): void } };

describe('markdown parts in Chromium', () => {
  it('CodeBlock has the same height plain and highlighted', async () => {
    const page = await openPage();
    const code = [
      'interface User {',
      '  id: string;',
      '',
      '  name?: string; // optional',
      '}',
      'export const users: User[] = [{ id: "1" }, { id: "2", name: "Ada" }];',
    ].join('\n');
    await page.evaluate((text) => (window as unknown as Fixture).fixture.set({ view: 'code', text, streaming: true }), code);
    const block = page.locator('.cw-code-block');
    await block.waitFor();
    expect(await block.getAttribute('data-state')).toBe('streaming');
    const plain = await block.boundingBox();
    await page.evaluate(() => (window as unknown as Fixture).fixture.set({ streaming: false }));
    await page.waitForSelector('.cw-code-block[data-state="highlighted"] pre.shiki');
    const highlighted = await block.boundingBox();
    expect(plain?.height).toBeGreaterThan(100);
    expect(highlighted?.height).toBe(plain?.height);
    expect(highlighted?.width).toBe(plain?.width);
    const colored = await page.locator('pre.shiki span[style]').count();
    expect(colored).toBeGreaterThan(5);
    await page.close();
  });

  it('the cursor blinks inline at the end of the text, and stops under reduced motion', async () => {
    const page = await openPage();
    const text = 'A short line of text. ';
    await page.evaluate((t) => (window as unknown as Fixture).fixture.set({ text: t, streaming: true, showCursor: false }), text);
    const paragraph = page.locator('.cw-markdown p');
    const withoutCursor = await paragraph.boundingBox();
    await page.evaluate(() => (window as unknown as Fixture).fixture.set({ showCursor: true }));
    const cursor = page.locator('.cw-markdown p > .cw-cursor');
    await cursor.waitFor();
    expect((await paragraph.boundingBox())?.height).toBe(withoutCursor?.height);
    const animation = await cursor.evaluate((element) => ({
      name: getComputedStyle(element).animationName,
      running: element.getAnimations().filter((a) => a.playState === 'running').length,
    }));
    expect(animation).toEqual({ name: 'cw-cursor-blink', running: 1 });

    await page.emulateMedia({ reducedMotion: 'reduce' });
    const reduced = await cursor.evaluate((element) => ({
      name: getComputedStyle(element).animationName,
      running: element.getAnimations().length,
    }));
    expect(reduced).toEqual({ name: 'none', running: 0 });

    await page.evaluate(() => (window as unknown as Fixture).fixture.set({ streaming: false }));
    expect(await page.locator('.cw-cursor').count()).toBe(0);
    await page.close();
  });
});
