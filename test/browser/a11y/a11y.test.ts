/**
 * Every reader, in real Chromium: a `ChatWidget` with the theme's CSS against the chatwire
 * server companion (mock model, its `send_email` tool needs approval) on 127.0.0.1.
 * - right to left: `dir="rtl"` (prop or inherited) mirrors the layout;
 * - the keyboard alone goes through a conversation with a tool card that needs approval
 *   (Tab, Shift+Tab, Enter, Space), with a visible focus ring on the way;
 * - the screen-reader announcer gets plain text, a bounded number of times per answer.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createMockModel } from '../../../src/server/models/mock';
import { waitForPhase } from '../../support/chatPage';
import { pageSuite } from '../../support/pageSuite';

const app = pageSuite({
  page: new URL('./page.tsx', import.meta.url),
  title: 'chatwire a11y',
  handler: { model: createMockModel({ delayMs: 2 }), heartbeatMs: 60_000 },
});
const styles = fileURLToPath(new URL('../../../src/styles.css', import.meta.url));
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Opens the page with `query`, the theme's CSS applied, once the widget is there. */
async function open(query = '', width = 900): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width, height: 800 } });
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${app.baseUrl}/${query}`);
  await page.addStyleTag({ path: styles });
  await page.locator('.cw-widget').waitFor();
  return page;
}

/** Sends `text` from the composer with the keyboard only. */
async function ask(page: Page, text: string): Promise<void> {
  await page.locator('.cw-composer-input').focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

type Box = { x: number; y: number; width: number; height: number };
const box = async (page: Page, selector: string): Promise<Box> => {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} has no box`);
  return found;
};

/** Where the layout puts things: the user's bubble and the Send button, relative to their containers. */
async function layout(page: Page) {
  const list = await box(page, '.cw-message-list-content');
  const bubble = await box(page, '.cw-message[data-role="user"]');
  const input = await box(page, '.cw-composer-input');
  const button = await box(page, '.cw-composer-button');
  return {
    direction: await page.locator('.cw-widget').evaluate((el) => getComputedStyle(el).direction),
    bubbleGapLeft: bubble.x - list.x,
    bubbleGapRight: list.x + list.width - (bubble.x + bubble.width),
    buttonAfterInput: button.x >= input.x + input.width - 1,
    buttonBeforeInput: button.x + button.width <= input.x + 1,
  };
}

/** What has focus: tag, class and accessible-ish name. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', className: el?.className ?? '', name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '' };
  });

/** Presses `key` until `match` has focus; at most `limit` times. Returns the names passed on the way. */
async function moveFocusTo(page: Page, key: 'Tab' | 'Shift+Tab', match: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 12): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    passed.push(`${now.tag}.${now.className.split(' ')[0]}:${now.name}`);
    if (match(now)) return passed;
  }
  throw new Error(`${key} ${limit} times never reached the element; passed ${passed.join(' | ')}`);
}

describe('every reader, in Chromium', () => {
  it('right to left (the dir prop, or inherited from the page): the user bubble on the left, Send left of the text box, borders on the right; left to right mirrors it', async () => {
    const seen: Record<string, Awaited<ReturnType<typeof layout>>> = {};
    for (const query of ['?dir=rtl&lang=he', '?htmlDir=rtl', '']) {
      const page = await open(query);
      try {
        await ask(page, 'hello there, quick one');
        await waitForPhase(page, 'complete');
        seen[query] = await layout(page);
        if (query === '?dir=rtl&lang=he') {
          // Hebrew words from the labels, laid out right to left.
          expect(await page.getByRole('button', { name: 'שליחה' }).count()).toBe(1);
          expect(await page.getByRole('textbox', { name: 'הודעה' }).getAttribute('placeholder')).toBe('כתבו הודעה...');
        }
        if (query === '?htmlDir=rtl') {
          // A pointing icon turns around; the reasoning panel's rule is on its inline start (the right).
          expect(await page.getByTestId('next-icon').evaluate((el) => getComputedStyle(el).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');
        }
      } finally {
        await page.close();
      }
    }
    for (const rtl of [seen['?dir=rtl&lang=he'], seen['?htmlDir=rtl']]) {
      expect(rtl?.direction).toBe('rtl');
      expect(rtl?.bubbleGapLeft).toBeLessThan(2);
      expect(rtl?.bubbleGapRight).toBeGreaterThan(50);
      expect(rtl?.buttonBeforeInput).toBe(true);
    }
    const ltr = seen[''];
    expect(ltr?.direction).toBe('ltr');
    expect(ltr?.bubbleGapRight).toBeLessThan(2);
    expect(ltr?.bubbleGapLeft).toBeGreaterThan(50);
    expect(ltr?.buttonAfterInput).toBe(true);
  });

  it('logical sides: the reasoning rule, blockquote rule and code header padding sit on the inline start; the disclosure triangle points to the inline end', async () => {
    const page = await open('?htmlDir=rtl');
    try {
      const sides = await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.className = 'cw-theme';
        probe.innerHTML = '<div class="cw-reasoning"><button class="cw-reasoning-toggle">Thinking</button></div><div class="cw-markdown"><blockquote>x</blockquote></div><div class="cw-code-header"></div>';
        document.body.append(probe);
        const style = (selector: string) => getComputedStyle(probe.querySelector(selector) as Element);
        const out = {
          reasoning: [style('.cw-reasoning').borderRightWidth, style('.cw-reasoning').borderLeftWidth],
          quote: [style('blockquote').paddingRight, style('blockquote').paddingLeft],
          header: [style('.cw-code-header').paddingRight, style('.cw-code-header').paddingLeft],
          // The closed disclosure triangle points to the inline end (left), and is not read.
          triangle: getComputedStyle(probe.querySelector('.cw-reasoning-toggle') as Element, '::before').content,
        };
        probe.remove();
        return out;
      });
      expect(sides.reasoning).toEqual(['3px', '0px']);
      expect(sides.quote[0]).not.toBe('0px');
      expect(sides.quote[1]).toBe('0px');
      expect(sides.header).toEqual(['12px', '6px']);
      expect(sides.triangle).toBe('"◂ " / ""');
    } finally {
      await page.close();
    }
  });

  it('the keyboard alone: Tab into the conversation, Shift+Tab from the composer to Approve (focus ring drawn), Enter approves, focus stays on the card, Space folds the result; a reason typed and Deny pressed with Space', async () => {
    const page = await open();
    try {
      // From the top of the page, Tab reaches the conversation (a scrollable region), then the text box.
      await page.locator('body').focus();
      const toComposer = await moveFocusTo(page, 'Tab', (f) => f.tag === 'textarea');
      expect(toComposer[0]).toMatch(/^div\.cw-message-list-viewport:Messages/);

      await page.keyboard.type('Send an email to Ana about the launch');
      await page.keyboard.press('Enter');
      await waitForPhase(page, 'awaiting-approval');
      const card = page.locator('.cw-tool-call[data-tool="send_email"]');
      await card.locator('.cw-tool-approval').waitFor();

      // Backwards from the composer (Stop comes after it): Deny, then Approve.
      await page.locator('.cw-composer-input').focus();
      const back = await moveFocusTo(page, 'Shift+Tab', (f) => f.name === 'Approve');
      // The live answer's Regenerate (it stops the answer first) comes after the card.
      expect(back.map((step) => step.split(':')[1])).toEqual(['Regenerate', 'Deny', 'Approve']);
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { visible: el.matches(':focus-visible'), outline: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor };
      });
      expect(ring).toEqual({ visible: true, outline: 'solid', width: '2px', color: 'rgb(37, 99, 235)' });

      await page.keyboard.press('Enter');
      await waitForPhase(page, 'complete');
      await card.and(page.locator('[data-state="result"]')).waitFor();
      // The controls went away with the decision; focus went to their card, not to the page's start.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-tool'))).toBe('send_email');

      const toggle = card.locator('.cw-tool-call-toggle');
      await moveFocusTo(page, 'Tab', (f) => f.className.includes('cw-tool-call-toggle'), 3);
      const expanded = await toggle.getAttribute('aria-expanded');
      await page.keyboard.press('Space');
      expect(await toggle.getAttribute('aria-expanded')).toBe(String(expanded !== 'true'));
      await page.keyboard.press('Enter');
      expect(await toggle.getAttribute('aria-expanded')).toBe(expanded);

      // Second request: a reason typed, then Deny with Space.
      await ask(page, 'Send an email to Bo about the budget');
      await waitForPhase(page, 'awaiting-approval');
      const second = page.locator('.cw-message[data-role="assistant"]').last().locator('.cw-tool-call');
      await second.locator('.cw-tool-approval').waitFor();
      await page.locator('.cw-composer-input').focus();
      await moveFocusTo(page, 'Shift+Tab', (f) => f.className.includes('cw-tool-approval-reason'));
      await page.keyboard.type('Not now');
      await moveFocusTo(page, 'Tab', (f) => f.name === 'Deny', 2);
      await page.keyboard.press('Space');
      await second.and(page.locator('[data-state="denied"]')).waitFor({ timeout: 30_000 });
      expect(await second.locator('.cw-tool-call-reason').innerText()).toBe('Reason: Not now');
    } finally {
      await page.close();
    }
  });

  it('the keyboard alone through message actions: the thumbs with Space (aria-pressed), the copy options with Enter, Tab and Escape (focus back on their toggle)', async () => {
    const page = await open();
    try {
      await ask(page, 'hello there, quick one');
      await waitForPhase(page, 'complete');
      const answer = page.locator('.cw-message[data-role="assistant"]').last();
      await answer.locator('.cw-message-actions').waitFor();

      // Backwards from the text box: the last answer's actions, the thumbs first.
      await page.locator('.cw-composer-input').focus();
      const back = await moveFocusTo(page, 'Shift+Tab', (f) => f.name === 'More copy options');
      expect(back.map((step) => step.split(':')[1])).toEqual(['Bad response', 'Good response', 'Regenerate', 'More copy options']);
      await page.keyboard.press('Tab');
      expect((await focused(page)).name).toBe('Regenerate');
      await page.keyboard.press('Tab');
      expect((await focused(page)).name).toBe('Good response');
      await page.keyboard.press('Space');
      const good = answer.getByRole('button', { name: 'Good response' });
      expect(await good.getAttribute('aria-pressed')).toBe('true');
      expect(await page.evaluate(() => (window as unknown as { feedback: Array<[string, string | null]> }).feedback.map(([, value]) => value))).toEqual(['up']);
      expect(await good.evaluate((el) => el.matches(':focus-visible') && getComputedStyle(el).outlineStyle)).toBe('solid');

      // The copy options: Enter opens them, Tab reaches "Copy as plain text", Escape closes them and focus goes back.
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      const toggle = answer.getByRole('button', { name: 'More copy options' });
      expect((await focused(page)).name).toBe('More copy options');
      await page.keyboard.press('Enter');
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      expect((await focused(page)).name).toBe('Copy as plain text');
      await page.keyboard.press('Escape');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect((await focused(page)).name).toBe('More copy options');
    } finally {
      await page.close();
    }
  });

  it('the announcer: plain text, changed on phase changes only (approval wait, finished answer), never per token', async () => {
    const page = await open();
    try {
      /** Waits for the `n`th answer to be complete. */
      const answered = async (n: number) => {
        await page.waitForFunction((count) => document.querySelectorAll('.cw-message[data-role="assistant"]').length === count, n);
        await waitForPhase(page, 'complete');
      };
      // A markdown table and a long answer, streamed in many small deltas.
      await ask(page, 'Show me a table of the plans');
      await answered(1);
      const tableAnswer = await page.locator('.cw-message[data-role="assistant"] .cw-markdown').last().innerText();
      await ask(page, 'Write something long about harbours');
      await answered(2);
      await ask(page, 'Send an email to Ana about the launch');
      await waitForPhase(page, 'awaiting-approval');
      await page.getByRole('button', { name: 'Approve' }).click();
      await answered(3);
      await page.waitForFunction(() => (window as unknown as { announcements: string[] }).announcements.length >= 4);

      const { announcements, mutations } = await page.evaluate(() => ({
        announcements: (window as unknown as { announcements: string[] }).announcements,
        mutations: (window as unknown as { announcerMutations: number }).announcerMutations,
      }));
      // One text per answer, plus the approval wait.
      expect(announcements).toHaveLength(4);
      expect(announcements[2]).toBe('send_email needs your approval');
      expect(announcements[3]).toContain('ana@example.com');
      // Each change is one or two DOM mutations (React replaces the text node), never per token.
      expect(mutations).toBeLessThanOrEqual(announcements.length * 2);
      // The table is read as its words; no markdown markers anywhere.
      for (const text of announcements) expect(text).not.toMatch(/\*\*|__|`|^#+ |\|\s*-{3}|^\s*[-*] /m);
      // Table cells are read with commas between them.
      const words = (text: string) => text.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
      expect(words(announcements[0] ?? '')).toEqual(words(tableAnswer));
      expect((announcements[1] ?? '').length).toBeGreaterThan(1000);
    } finally {
      await page.close();
    }
  });

  it('axe finds nothing on the live widget, 360 px wide, light and dark, after a table, code, tools, citations and an approval', async () => {
    const page = await open('?width=320', 360);
    try {
      await page.addScriptTag({ path: axeScript });
      let answers = 0;
      for (const prompt of ['Show me a table of the plans', 'Show me some code', 'What is the weather in Paris?', 'Research the launch plans', 'Send an email to Ana about the launch']) {
        await ask(page, prompt);
        answers += 1;
        await page.waitForFunction((n) => document.querySelectorAll('.cw-message[data-role="assistant"]').length === n, answers);
        await waitForPhase(page, ['complete', 'awaiting-approval']);
      }
      // What makes this a real check: code wider than the column (it scrolls), a table, the approval's controls.
      const scrolls = await page.evaluate(() => [...document.querySelectorAll('.cw-code-body pre')].some((el) => el.scrollWidth > el.clientWidth + 1));
      expect(scrolls).toBe(true);
      expect(await page.locator('.cw-markdown table').count()).toBeGreaterThan(0);
      expect(await page.locator('.cw-tool-approval button').count()).toBe(2);
      // Checked while the approval waits, in both themes.
      for (const theme of ['light', 'dark']) {
        await page.locator('.cw-widget').evaluate((el, t) => el.setAttribute('data-theme', t), theme);
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run: (context: Element, options: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(
            document.querySelector('.cw-widget') as Element,
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
