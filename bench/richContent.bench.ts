/**
 * Rich content (math, footnotes) in headless Chromium, against the same answer without it.
 * One page bundle (bench/richContent/: Vite, production React, the real `src/` code); each
 * measurement in a fresh page (new browser context, so the lazy chunks load as on a first
 * visit), all in the same run. The answer is `makeRichAnswer()`: ~9,500 characters in six
 * sections, each with two inline formulas, a display formula and a footnote reference, plus
 * the render bench's markdown (code in four languages, tables, lists, quotes, citations);
 * "plain" is the same answer with the formulas as code and no footnotes.
 *
 * - finished answer: from setting the text to the first task after a painted frame with the
 *   answer complete (every code block highlighted; rich: every formula as MathML, every
 *   footnote listed and linked). Includes loading the lazy chunks (shiki and its grammars;
 *   rich: the math and footnotes chunk and KaTeX) from the bench's local server.
 * - streaming: the answer as 1-6 character tokens, one per task, one synchronous React commit
 *   each, until complete; main-thread CPU divided by the tokens. Every painted frame is
 *   searched for raw rich markup outside code (`$$`, `\(`, `\[`, `[^`, `$` before a letter).
 * CPU = main-thread CPU time (CDP `Performance.getMetrics` TaskDuration, threadTicks);
 * medians of ROUNDS, the variants interleaved.
 *
 * Targets (chatwire): no frame with raw rich markup while streaming; streaming the rich answer
 * costs <= 1.2x per token of the plain one; the finished rich answer is complete within 1.5x
 * the plain one's CPU (KaTeX's chunk included). That math and footnotes stay out of the
 * widget's initial chunk is checked by `npm run bench -- bundle`. Prints PASS/FAIL; exits
 * non-zero on a failed target only with BENCH_STRICT=1.
 */
import { cpus, loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { withBenchPage } from '../test/support/benchPage';
import { serveBuiltPage, type BuiltPage } from '../test/support/builtPage';
import { launchChromium } from '../test/support/chromium';

const ROUNDS = 5;
const variants = ['rich', 'plain'] as const;
type Variant = (typeof variants)[number];

interface Run {
  variant: Variant;
  chars: number;
  openCpu: number;
  openWall: number;
  perTokenCpu: number;
  tokens: number;
  frames: number;
  rawFrames: string[];
}

type Page = Awaited<ReturnType<Browser['newPage']>>;
const call = <T>(page: Page, method: string): Promise<T> =>
  page.evaluate((m) => (window as unknown as { richContent: Record<string, () => Promise<unknown>> }).richContent[m]?.(), method) as Promise<T>;

/** Runs `method` of the page in a fresh page of `variant`; returns its result and the main-thread CPU ms it took. */
function timed<T>(browser: Browser, url: string, variant: Variant, method: string): Promise<{ result: T; cpu: number }> {
  return withBenchPage(browser, `${url}?variant=${variant}`, { label: variant, ready: 'richContent' }, async (page, context) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const cpu = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
    const before = await cpu();
    const result = await call<T>(page, method);
    return { result, cpu: (await cpu()) - before };
  });
}

async function measure(browser: Browser, url: string, variant: Variant): Promise<Run> {
  const opened = await timed<{ wallMs: number; chars: number }>(browser, url, variant, 'open');
  const streamed = await timed<{ tokens: number; rawFrames: string[]; frames: number }>(browser, url, variant, 'stream');
  const { tokens, frames, rawFrames } = streamed.result;
  return { variant, chars: opened.result.chars, openCpu: opened.cpu, openWall: opened.result.wallMs, perTokenCpu: streamed.cpu / tokens, tokens, frames, rawFrames };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

let served: BuiltPage | undefined;
let browser: Browser | undefined;
const runs: Run[] = [];
try {
  served = await serveBuiltPage(new URL('./richContent/', import.meta.url));
  browser = await launchChromium();
  for (let round = 0; round < ROUNDS; round += 1) for (const variant of variants) runs.push(await measure(browser, served.url, variant));
} finally {
  await browser?.close();
  await served?.close();
}

const rows = variants.map((variant) => {
  const list = runs.filter((run) => run.variant === variant);
  return {
    variant,
    chars: list[0]?.chars ?? 0,
    openCpu: median(list.map((run) => run.openCpu)),
    openWall: median(list.map((run) => run.openWall)),
    perTokenCpu: median(list.map((run) => run.perTokenCpu)),
    tokens: list[0]?.tokens ?? 0,
    frames: median(list.map((run) => run.frames)),
    framesTotal: list.reduce((sum, run) => sum + run.frames, 0),
    rawFrames: list.flatMap((run) => run.rawFrames),
  };
});

console.log(
  `answer: ~9.5k characters, six sections (rich: 18 formulas, 6 footnotes); 760 px wide; headless Chromium, production React; ` +
    `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores. CPU = main-thread CPU time (threadTicks); medians of ${ROUNDS} runs.`,
);
console.table(
  rows.map((row) => ({
    'chatwire StreamingMarkdown': row.variant === 'rich' ? 'rich (math, footnotes)' : 'plain (same answer without them)',
    characters: row.chars,
    'finished answer complete: cpu ms': row.openCpu.toFixed(0),
    'wall ms': row.openWall.toFixed(0),
    'streaming cpu ms/token': row.perTokenCpu.toFixed(3),
    tokens: row.tokens,
    'frames looked at (median)': row.frames,
    'frames with raw markup': row.rawFrames.length,
  })),
);

const rich = rows.find((row) => row.variant === 'rich');
const plain = rows.find((row) => row.variant === 'plain');
const checks: Array<{ target: string; actual: string; pass: boolean }> = [];
if (rich && plain) {
  checks.push({
    target: 'no frame shows raw math or footnote markup while streaming',
    actual: `${rich.rawFrames.length} of ${rich.framesTotal} frames${rich.rawFrames.length === 0 ? '' : ` (${[...new Set(rich.rawFrames)].join(' ')})`}`,
    pass: rich.rawFrames.length === 0,
  });
  const streaming = rich.perTokenCpu / plain.perTokenCpu;
  checks.push({ target: 'streaming the rich answer <= 1.2x per token of the plain one', actual: `${rich.perTokenCpu.toFixed(3)} vs ${plain.perTokenCpu.toFixed(3)} ms CPU/token (${streaming.toFixed(2)}x)`, pass: streaming <= 1.2 });
  const finished = rich.openCpu / plain.openCpu;
  checks.push({ target: 'finished rich answer complete <= 1.5x the plain one (CPU)', actual: `${rich.openCpu.toFixed(0)} vs ${plain.openCpu.toFixed(0)} ms CPU (${finished.toFixed(2)}x; wall ${rich.openWall.toFixed(0)} vs ${plain.openWall.toFixed(0)} ms)`, pass: finished <= 1.5 });
}
console.log('chatwire rich-content targets:');
console.table(checks.map(({ target, actual, pass }) => ({ target, actual, result: pass ? 'PASS' : 'FAIL' })));
process.exit(process.env.BENCH_STRICT === '1' && !checks.every((check) => check.pass) ? 1 : 0);
