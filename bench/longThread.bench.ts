/**
 * Long conversations in headless Chromium: opening one, and streaming below it. One page
 * bundle (bench/longThread/: Vite, production React, the real `src/` code); each
 * measurement in a fresh page (new browser context), all in the same run. The thread is
 * `makeThread(n)`: n finished exchanges of a one-line prompt and a ~3,100-character markdown
 * answer (headings, lists, code in four languages, tables, quotes, links): 300 exchanges are
 * ~1.04M characters.
 *
 * Contenders for opening it:
 *   (a) chatwire `ChatWidget` with the thread as `initialMessages` (defaults: `deferAfter`
 *       40, `maxRenderedMessages` 60);
 *   (b) streamdown: every assistant message through `<Streamdown mode="static">`, prompts as
 *       text, in a scrolling div of the same size (760 x 800 px) scrolled to the bottom.
 *
 * Time to interactive (TTI), the same definition for both: from the `root.render()` of the
 * thread to the first task that runs after a frame that painted the list (1) scrolled to the
 * bottom, (2) with the last message in the DOM, and (chatwire) (3) with messages filling the
 * viewport from its top, every one of them in view rendered in full (markdown), none plain.
 * That task is posted from a `requestAnimationFrame` callback, so it runs after the frame's
 * paint as soon as the main thread is free: a click at that moment is handled at once.
 * Reported as main-thread CPU time (CDP `Performance.getMetrics` TaskDuration, threadTicks,
 * so other processes on a busy machine do not inflate it) between the render call and that
 * moment, with wall clock next to it. chatwire keeps working after TTI in idle time
 * (mounting the older messages, text groups until then, in slots as plain text): "filled in" is the CPU and wall time from TTI
 * until the whole history is mounted and the DOM was quiet for 500 ms.
 *
 * Streaming cost per token: after opening and filling in a thread of 0, 300 or 3,000
 * exchanges, a prompt is sent through the composer and a 600-token answer (1-6 characters
 * each) streams in over the widget's `fetch` as chatwire SSE `text-delta` events, one per
 * 3 ms timer; main-thread CPU from the send until the widget is idle again, divided by the
 * tokens. Median of ROUNDS, the three histories interleaved.
 *
 * Targets (chatwire): TTI <= 0.1x streamdown's (300 exchanges; 3,000 too when run); TTI at
 * 3,000 exchanges <= 1.5x at 300; per-token cost below 300 and 3,000 exchanges <= 1.2x below
 * none. Prints PASS/FAIL; exits non-zero on a failed target only with BENCH_STRICT=1.
 * BENCH_LONG_STREAMDOWN_3000=0 skips streamdown at 3,000 exchanges (~30 s of main thread).
 */
import { cpus, loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { serveBuiltPage, type BuiltPage } from '../test/support/builtPage';
import { launchChromium } from '../test/support/chromium';

const ROUNDS = 3;
const STREAM = { tokens: 600, intervalMs: 3 };
const streamdownAt3000 = process.env.BENCH_LONG_STREAMDOWN_3000 !== '0';

interface Opened {
  contender: string;
  exchanges: number;
  chars: number;
  ttiCpu: number;
  ttiWall: number;
  domAtTti: number;
  fillCpu: number;
  fillWall: number;
  domFilled: number;
  heapMb: number;
  perTokenCpu?: number;
}

type Page = Awaited<ReturnType<Browser['newPage']>>;
const call = <T>(page: Page, method: string, arg?: unknown): Promise<T> =>
  page.evaluate(([m, a]) => (window as unknown as { longThread: Record<string, (x?: unknown) => Promise<unknown>> }).longThread[m as string]?.(a), [method, arg] as const) as Promise<T>;

async function measure(browser: Browser, url: string, contender: string, exchanges: number, stream: boolean): Promise<Opened> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}?contender=${contender}&exchanges=${exchanges}`);
    await page.waitForFunction(() => 'longThread' in window, undefined, { timeout: 300_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const metric = async (name: string) => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0);
    const cpu = async () => (await metric('TaskDuration')) * 1000;
    const before = await cpu();
    const opened = await call<{ ttiMs: number; domNodes: number; chars: number }>(page, 'open');
    const atTti = await cpu();
    const filled = await call<{ settledMs: number; domNodes: number }>(page, 'settle');
    const afterFill = await cpu();
    await cdp.send('HeapProfiler.collectGarbage');
    const heapMb = (await metric('JSHeapUsedSize')) / 1e6;
    let perTokenCpu: number | undefined;
    if (stream) {
      const start = await cpu();
      const { tokens } = await call<{ tokens: number }>(page, 'stream', STREAM);
      perTokenCpu = ((await cpu()) - start) / tokens;
    }
    if (errors.length > 0) throw new Error(`${contender} ${exchanges}: the page threw: ${errors.join('; ')}`);
    return {
      contender,
      exchanges,
      chars: opened.chars,
      ttiCpu: atTti - before,
      ttiWall: opened.ttiMs,
      domAtTti: opened.domNodes,
      fillCpu: afterFill - atTti,
      fillWall: filled.settledMs,
      domFilled: filled.domNodes,
      heapMb,
      perTokenCpu,
    };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

let served: BuiltPage | undefined;
let browser: Browser | undefined;
const runs: Opened[] = [];
try {
  served = await serveBuiltPage(new URL('./longThread/', import.meta.url));
  browser = await launchChromium(['--js-flags=--max-old-space-size=8192']);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const exchanges of [0, 300, 3000]) runs.push(await measure(browser, served.url, 'chatwire', exchanges, true));
  }
  runs.push(await measure(browser, served.url, 'streamdown', 300, false));
  if (streamdownAt3000) runs.push(await measure(browser, served.url, 'streamdown', 3000, false));
} finally {
  await browser?.close();
  await served?.close();
}

const pick = (contender: string, exchanges: number) => runs.filter((r) => r.contender === contender && r.exchanges === exchanges);
const summary = (contender: string, exchanges: number) => {
  const list = pick(contender, exchanges);
  if (list.length === 0) return undefined;
  return {
    contender,
    exchanges,
    chars: list[0]?.chars ?? 0,
    ttiCpu: median(list.map((r) => r.ttiCpu)),
    ttiWall: median(list.map((r) => r.ttiWall)),
    domAtTti: median(list.map((r) => r.domAtTti)),
    fillCpu: median(list.map((r) => r.fillCpu)),
    fillWall: median(list.map((r) => r.fillWall)),
    domFilled: median(list.map((r) => r.domFilled)),
    heapMb: median(list.map((r) => r.heapMb)),
    perTokenCpu: list[0]?.perTokenCpu === undefined ? undefined : median(list.map((r) => r.perTokenCpu as number)),
    runs: list.length,
  };
};
const rows = [summary('chatwire', 0), summary('chatwire', 300), summary('streamdown', 300), summary('chatwire', 3000), summary('streamdown', 3000)].filter(
  (row): row is NonNullable<typeof row> => row !== undefined,
);

console.log(
  `thread: n exchanges of a prompt and a ~3,100-character markdown answer; 760 x 800 px list; headless Chromium, production React; ` +
    `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores. CPU = main-thread CPU time (threadTicks); chatwire figures are medians of ${ROUNDS} runs.`,
);
console.table(
  rows.map((row) => ({
    contender: row.contender === 'chatwire' ? 'chatwire ChatWidget' : 'streamdown',
    exchanges: row.exchanges,
    'characters': row.chars,
    'TTI cpu ms': row.ttiCpu.toFixed(0),
    'TTI wall ms': row.ttiWall.toFixed(0),
    'DOM nodes at TTI': row.domAtTti,
    'filled in: cpu ms': row.contender === 'chatwire' ? row.fillCpu.toFixed(0) : '-',
    'filled in: wall ms': row.contender === 'chatwire' ? row.fillWall.toFixed(0) : '-',
    'DOM nodes after': row.domFilled,
    'JS heap MB after': row.heapMb.toFixed(0),
    'streaming cpu ms/token': row.perTokenCpu === undefined ? '-' : row.perTokenCpu.toFixed(3),
  })),
);

const find = (contender: string, exchanges: number) => rows.find((row) => row.contender === contender && row.exchanges === exchanges);
const checks: Array<{ target: string; actual: string; pass: boolean }> = [];
for (const exchanges of [300, 3000]) {
  const ours = find('chatwire', exchanges);
  const theirs = find('streamdown', exchanges);
  if (!ours || !theirs) continue;
  const ratio = ours.ttiCpu / theirs.ttiCpu;
  checks.push({
    target: `TTI at ${exchanges} exchanges <= 0.1x streamdown's mount`,
    actual: `${ours.ttiCpu.toFixed(0)} ms vs ${theirs.ttiCpu.toFixed(0)} ms CPU (${ratio.toFixed(3)}x; wall ${ours.ttiWall.toFixed(0)} vs ${theirs.ttiWall.toFixed(0)} ms)`,
    pass: ratio <= 0.1,
  });
}
const at300 = find('chatwire', 300);
const at3000 = find('chatwire', 3000);
const none = find('chatwire', 0);
if (at300 && at3000) {
  const growth = at3000.ttiCpu / at300.ttiCpu;
  checks.push({ target: 'TTI flat: 3,000 exchanges <= 1.5x 300', actual: `${at3000.ttiCpu.toFixed(0)} vs ${at300.ttiCpu.toFixed(0)} ms CPU (${growth.toFixed(2)}x)`, pass: growth <= 1.5 });
}
for (const row of [at300, at3000]) {
  if (!row || !none || row.perTokenCpu === undefined || none.perTokenCpu === undefined) continue;
  const ratio = row.perTokenCpu / none.perTokenCpu;
  checks.push({
    target: `streaming below ${row.exchanges} exchanges <= 1.2x per token of no history`,
    actual: `${row.perTokenCpu.toFixed(3)} vs ${none.perTokenCpu.toFixed(3)} ms CPU/token (${ratio.toFixed(2)}x)`,
    pass: ratio <= 1.2,
  });
}
console.log('chatwire long-thread targets:');
console.table(checks.map(({ target, actual, pass }) => ({ target, actual, result: pass ? 'PASS' : 'FAIL' })));
process.exit(process.env.BENCH_STRICT === '1' && !checks.every((check) => check.pass) ? 1 : 0);
