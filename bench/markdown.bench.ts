/**
 * Streaming markdown render cost: the same ~6 KB answer (paragraphs with inline syntax,
 * lists, quotes, tables; no code fences, so no highlighter runs) streamed word by word
 * into a jsdom document, one synchronous React render per token, through
 *   (a) react-markdown, the whole text re-parsed every token;
 *   (b) streamdown (block-memoized, repairs with remend);
 *   (c) chatwire's StreamingMarkdown (block-memoized, word/citation buffering, repair).
 * Prints total time and the mean cost of one token in the first and last tenth of the
 * answer: a flat per-token cost is the promise (it must not grow with the answer).
 * Median of RUNS runs after WARMUP, interleaved.
 */
// @ts-expect-error jsdom ships no types and @types/jsdom is not installed.
import { JSDOM } from 'jsdom';

const RUNS = 3;
const WARMUP = 1;

const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
  pretendToBeVisual: true,
  url: 'http://127.0.0.1/',
});
const g = globalThis as Record<string, unknown>;
const win = dom.window as unknown as Record<string, unknown>;
// Expose the window's globals (document, requestAnimationFrame...) the way global-jsdom does.
for (const key of Object.getOwnPropertyNames(win)) {
  if (key in g && key !== 'window' && key !== 'document') continue;
  try {
    Object.defineProperty(g, key, { value: win[key], configurable: true, writable: true });
  } catch {
    // A getter that throws (storage without an origin): not needed here.
  }
}
process.env.NODE_ENV = 'production';
g.IS_REACT_ACT_ENVIRONMENT = false;

const { createElement } = await import('react');
const { flushSync } = await import('react-dom');
const { createRoot } = await import('react-dom/client');
const { default: Markdown } = await import('react-markdown');
const { default: remarkGfm } = await import('remark-gfm');
const { Streamdown } = await import('streamdown');
const { StreamingMarkdown } = await import('../src/markdown/react/StreamingMarkdown');

function answer(): string {
  const parts: string[] = [];
  for (let i = 0; parts.join('').length < 6_000; i += 1) {
    parts.push(
      `## Section ${i}\n\nThe **quarterly** numbers for region ${i} grew by _${i + 3}%_, see [the report](https://example.com/r/${i}) and \`metric_${i}\`. ` +
        'Analysts expect the trend to continue as demand stays strong across segments.\n\n' +
        `- first point about ${i}\n- second point with **bold** text\n- third point\n\n` +
        `> A quote from the call about region ${i}.\n\n` +
        `| Region | Sales | Growth |\n|---|---:|---:|\n| North | ${100 + i} | 3% |\n| South | ${90 + i} | 5% |\n\n`,
    );
  }
  return parts.join('');
}

const text = answer();
const tokens = text.match(/\S+\s*|\s+/g) ?? [];
const stable = { remarkPlugins: [remarkGfm] };
const noTimers = { setTimeout: () => 0, clearTimeout: () => undefined };

type Renderer = (t: string, streaming: boolean) => unknown;
const renderers: Record<string, Renderer> = {
  'react-markdown': (t) => createElement(Markdown, { remarkPlugins: stable.remarkPlugins }, t),
  streamdown: (t, streaming) => createElement(Streamdown, { isAnimating: streaming, mode: streaming ? 'streaming' : 'static' }, t),
  'chatwire StreamingMarkdown': (t, streaming) => createElement(StreamingMarkdown, { streaming, timers: noTimers }, t),
};

function run(render: Renderer): { total: number; first: number; last: number } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const times: number[] = [];
  let current = '';
  for (const token of tokens) {
    current += token;
    const start = performance.now();
    flushSync(() => root.render(render(current, true) as never));
    times.push(performance.now() - start);
  }
  flushSync(() => root.render(render(current, false) as never));
  root.unmount();
  container.remove();
  const tenth = Math.max(1, Math.floor(times.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { total: times.reduce((a, b) => a + b, 0), first: mean(times.slice(0, tenth)), last: mean(times.slice(-tenth)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const results: Record<string, Array<ReturnType<typeof run>>> = {};
for (let round = 0; round < WARMUP + RUNS; round += 1) {
  for (const [name, render] of Object.entries(renderers)) {
    const result = run(render);
    console.error(`round ${round} ${name}: ${result.total.toFixed(0)} ms`);
    if (round >= WARMUP) (results[name] ??= []).push(result);
  }
}

console.log(`answer: ${text.length} chars, ${tokens.length} tokens, one render per token; median of ${RUNS} runs`);
console.table(
  Object.entries(results).map(([name, rs]) => ({
    renderer: name,
    'total ms': median(rs.map((r) => r.total)).toFixed(0),
    'ms/token, first 10%': median(rs.map((r) => r.first)).toFixed(3),
    'ms/token, last 10%': median(rs.map((r) => r.last)).toFixed(3),
  })),
);
process.exit(0);
