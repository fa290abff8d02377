/**
 * First token on screen: the time from the first text byte reaching the page to its first
 * paint, in headless Chromium, `ChatWidget` next to a bare page (`fetch` + one text node per
 * chunk) on the same server in the same run (bench/firstPaint/). The server answers each POST
 * to `/api/chat` with chatwire SSE: `session` at once, then after PAUSE_MS the first token
 * `Hello` alone (a word whose end the page cannot know yet: the next character could
 * continue it), then one token every TOKEN_MS.
 *
 * Measured in the page: "bytes" = `performance.now()` when the chunk holding the first word
 * comes out of the response body (the bare page's read loop; a pass-through TransformStream
 * on the widget's `fetch`); "in the DOM" = when a MutationObserver first sees the word in the
 * answer; "painted" = the first of a task posted from every animation frame (it runs once
 * that frame was painted) at or after the word entered the DOM. Frames = animation frames
 * painted from the bytes to that one (1 = the next frame). Median of ROUNDS per page,
 * interleaved.
 *
 * Target: the widget shows the first word at most one frame later than the bare page
 * (median frames). Prints PASS/FAIL; exits non-zero on a failed target only with
 * BENCH_STRICT=1.
 */
import type { ServerResponse } from 'node:http';
import { cpus, loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { encodeChatEvent } from '../src/core/protocols/encodeChatEvent';
import { withBenchPage } from '../test/support/benchPage';
import { serveBuiltPage, type BuiltPage } from '../test/support/builtPage';
import { launchChromium } from '../test/support/chromium';

const ROUNDS = 7;
const PAUSE_MS = 300;
const TOKEN_MS = 50;
const TOKENS = ['Hello', ' there', '! Here', ' is', ' the', ' answer', ' you', ' asked', ' for', '.'];

interface Run {
  page: string;
  toDom: number;
  toPaint: number;
  frames: number;
}

/** chatwire SSE for one answer, written at the pace above; stops when the client goes away. */
function answer(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.write(encodeChatEvent({ type: 'session', conversationId: 'bench', streamId: 's1', messageId: 'a1' }, 1));
  let index = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const token = TOKENS[index];
    if (token === undefined) {
      res.end(encodeChatEvent({ type: 'done', finishReason: 'stop' }, index + 2));
      return;
    }
    res.write(encodeChatEvent({ type: 'text-delta', delta: token }, index + 2));
    index += 1;
    setTimeout(next, TOKEN_MS);
  };
  setTimeout(next, PAUSE_MS);
}

async function measure(browser: Browser, url: string, page: string): Promise<Run> {
  const run = await withBenchPage(browser, `${url}?page=${page}`, { label: page, ready: 'firstPaint' }, async (tab) => {
    // Let the page settle (fonts, first frames) before the request.
    await tab.waitForTimeout(300);
    return tab.evaluate(() => (window as unknown as { firstPaint: { run(): Promise<Omit<Run, 'page'>> } }).firstPaint.run());
  });
  return { page, ...run };
}

let served: BuiltPage | undefined;
let browser: Browser | undefined;
const runs: Run[] = [];
try {
  // The page's POST to /api/chat (the only API request) gets the answer above.
  served = await serveBuiltPage(new URL('./firstPaint/', import.meta.url), {
    api: (req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    },
  });
  browser = await launchChromium();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const page of ['bare', 'chatwire']) runs.push(await measure(browser, served.url, page));
  }
} finally {
  await browser?.close();
  await served?.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const summary = (page: string) => {
  const list = runs.filter((run) => run.page === page);
  return {
    page,
    toDom: median(list.map((r) => r.toDom)),
    toPaint: median(list.map((r) => r.toPaint)),
    frames: median(list.map((r) => r.frames)),
    all: list.map((r) => r.frames).join(' '),
  };
};
const bare = summary('bare');
const ours = summary('chatwire');
console.log(
  `first token "${TOKENS[0]}" ${PAUSE_MS} ms after the session event, then a token every ${TOKEN_MS} ms; headless Chromium, production React; ` +
    `medians of ${ROUNDS} runs; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores.`,
);
console.table(
  [bare, ours].map((row) => ({
    page: row.page === 'bare' ? 'bare fetch + text node' : 'chatwire ChatWidget',
    'bytes -> in the DOM ms': row.toDom.toFixed(1),
    'bytes -> painted ms': row.toPaint.toFixed(1),
    'frames to paint': row.frames,
    'frames, every run': row.all,
  })),
);
const extra = ours.frames - bare.frames;
const checks = [
  {
    target: 'first word painted at most one frame after the bare page',
    actual: `${ours.frames} vs ${bare.frames} frames (+${extra}); ${ours.toPaint.toFixed(1)} vs ${bare.toPaint.toFixed(1)} ms`,
    pass: extra <= 1,
  },
];
console.log('chatwire first-paint target:');
console.table(checks.map(({ target, actual, pass }) => ({ target, actual, result: pass ? 'PASS' : 'FAIL' })));
process.exit(process.env.BENCH_STRICT === '1' && !checks.every((check) => check.pass) ? 1 : 0);
