import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { ChatPhase } from '../../src/core/session/types';

/** The last assistant message of the widget. */
export function lastAnswer(page: Page): Locator {
  return page.locator('.cw-message[data-role="assistant"]').last();
}

/** The composer's textarea. */
export function messageBox(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message' });
}

/** Types a prompt into the widget and sends it with Enter. */
export async function sendPrompt(page: Page, text: string): Promise<void> {
  const box = messageBox(page);
  await box.fill(text);
  await box.press('Enter');
}

/**
 * The visible answer text of the last assistant message: its markdown blocks only (no
 * status line, no "Stopped" note), whitespace-normalized so two renders compare equal.
 */
export async function answerText(page: Page): Promise<string> {
  const texts = await lastAnswer(page).locator('.cw-markdown').allInnerTexts();
  return normalize(texts.join('\n'));
}

/** Collapses runs of whitespace, so text compares independent of layout. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Waits until the widget's `data-phase` is one of `phases`. */
export async function waitForPhase(page: Page, phases: ChatPhase | ChatPhase[], timeout = 30_000): Promise<void> {
  const list: string[] = Array.isArray(phases) ? phases : [phases];
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector('.cw-widget')?.getAttribute('data-phase') ?? ''),
    list,
    { timeout, polling: 20 },
  );
}

/** The widget's current `data-phase`. */
export async function phaseOf(page: Page): Promise<string | null> {
  return page.locator('.cw-widget').getAttribute('data-phase');
}

/** Waits until the last answer shows at least `chars` characters of text. */
export async function waitForAnswerLength(page: Page, chars: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (min) => {
      const answers = document.querySelectorAll('.cw-message[data-role="assistant"]');
      const last = answers[answers.length - 1];
      const text = [...(last?.querySelectorAll<HTMLElement>('.cw-markdown') ?? [])].map((el) => el.innerText).join('');
      return text.replace(/\s+/g, ' ').trim().length >= min;
    },
    chars,
    { timeout, polling: 10 },
  );
}

/** Waits for `?c=<id>` in the page URL (set once the server names the conversation) and returns the id. */
export async function conversationIdOf(page: Page, timeout = 15_000): Promise<string> {
  await page.waitForURL((url) => url.searchParams.has('c'), { timeout });
  const id = new URL(page.url()).searchParams.get('c');
  if (!id) throw new Error(`The demo page has no ?c= conversation id in its URL: ${page.url()}`);
  return id;
}

/** Opens a page of the demo and waits until the widget is mounted. */
export async function openDemo(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  await messageBox(page).waitFor({ state: 'visible', timeout: 15_000 });
  return page;
}

/**
 * Sends `prompt` in a fresh conversation of a fresh context and returns the final answer
 * text: the reference an interrupted run must match.
 */
export async function uninterruptedAnswer(browser: Browser, url: string, prompt: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await openDemo(context, url);
    await sendPrompt(page, prompt);
    await waitForPhase(page, 'complete', 60_000);
    return await answerText(page);
  } finally {
    await context.close();
  }
}

/**
 * Records, in the page, the first non-empty answer text the DOM ever shows (checked on
 * every DOM mutation, before the browser paints it): `window.__firstAnswer`.
 */
export async function recordFirstAnswer(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __firstAnswer: string | null };
    w.__firstAnswer = null;
    const observer = new MutationObserver(() => {
      if (w.__firstAnswer !== null) return;
      const answers = document.querySelectorAll('.cw-message[data-role="assistant"]');
      const last = answers[answers.length - 1];
      const text = [...(last?.querySelectorAll<HTMLElement>('.cw-markdown') ?? [])]
        .map((el) => el.innerText)
        .join('\n')
        .replace(/\s+/g, ' ')
        .trim();
      if (text) {
        w.__firstAnswer = text;
        observer.disconnect();
      }
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/** What {@link recordFirstAnswer} captured, or `null`. */
export async function firstAnswer(page: Page): Promise<string | null> {
  return page.evaluate(() => (window as unknown as { __firstAnswer: string | null }).__firstAnswer);
}
