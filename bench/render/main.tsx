import { createElement, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Streamdown } from 'streamdown';
import { StreamingMarkdown } from '../../src/markdown/react/StreamingMarkdown';
import '../../src/styles.css';
import 'streamdown/styles.css';
import { ANSWER_CHARS, ANSWER_SEED, makeAnswer, tokenize, TOKEN_SEED } from './answer';
import type { RenderRun } from './RenderRun';

/**
 * The render benchmark page. `?contender=react-markdown|streamdown|chatwire` picks what
 * renders; `window.renderBench.run()` streams the answer into it, one token per macrotask
 * (a MessageChannel loop), one synchronous React commit per token (`flushSync`), then
 * renders the final text with streaming off and waits `settle` ms for deferred work
 * (timers, idle callbacks, lazy highlighting) to run.
 */
const { text, citations } = makeAnswer(ANSWER_CHARS, ANSWER_SEED);
const tokens = tokenize(text, TOKEN_SEED);
const remarkPlugins = [remarkGfm];

const contenders: Record<string, (markdown: string, streaming: boolean) => ReactElement> = {
  'react-markdown': (markdown) => createElement(Markdown, { remarkPlugins }, markdown),
  streamdown: (markdown, streaming) => createElement(Streamdown, { mode: 'streaming', isAnimating: streaming }, markdown),
  chatwire: (markdown, streaming) => createElement(StreamingMarkdown, { streaming, citations }, markdown),
};

const name = new URLSearchParams(location.search).get('contender') ?? '';
const view = contenders[name];
const container = document.getElementById('root');
if (!view || !container) throw new Error(`Unknown contender "${name}" (or no #root). Use ?contender=${Object.keys(contenders).join('|')}.`);
const root = createRoot(container);

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function run(settle: number): Promise<RenderRun> {
  const render = view as NonNullable<typeof view>;
  const longTasks: RenderRun['longTasks'] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ startTime: entry.startTime, duration: entry.duration });
  });
  observer.observe({ type: 'longtask' });
  const perToken: number[] = new Array<number>(tokens.length).fill(0);
  const start = performance.now();
  let current = '';
  await new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    let index = 0;
    channel.port1.onmessage = () => {
      current += tokens[index] ?? '';
      const before = performance.now();
      flushSync(() => root.render(render(current, true)));
      perToken[index] = performance.now() - before;
      index += 1;
      if (index < tokens.length) channel.port2.postMessage(null);
      else {
        channel.port1.close();
        resolve();
      }
    };
    channel.port2.postMessage(null);
  });
  const before = performance.now();
  flushSync(() => root.render(render(text, false)));
  const finalCommitMs = performance.now() - before;
  await nextFrame();
  await nextFrame();
  const wallMs = performance.now() - start;
  await sleep(settle);
  for (const entry of observer.takeRecords()) longTasks.push({ startTime: entry.startTime, duration: entry.duration });
  observer.disconnect();
  const counts: Record<string, number> = {};
  for (const selector of ['h2', 'p', 'li', 'pre', 'table', 'tr', 'blockquote', 'a']) {
    counts[selector] = container?.querySelectorAll(selector).length ?? 0;
  }
  const lastSource = citations[citations.length - 1]?.title ?? '';
  return {
    contender: name,
    chars: text.length,
    tokens: tokens.length,
    perToken,
    startTime: start,
    finalCommitMs,
    wallMs,
    longTasks,
    complete: lastSource !== '' && (container?.textContent ?? '').includes(lastSource),
    counts,
  };
}

(window as unknown as { renderBench: { run: typeof run; chars: number; tokens: number } }).renderBench = {
  run,
  chars: text.length,
  tokens: tokens.length,
};
