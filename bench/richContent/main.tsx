import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { StreamingMarkdown } from '../../src/markdown/react/StreamingMarkdown';
import '../../src/styles.css';
import { afterPaint } from '../pageTiming';
import { tokenize } from '../render/answer';
import { makeRichAnswer, MATH_PER_SECTION, SECTIONS } from './answer';

/**
 * The rich-content benchmark page. `?variant=rich|plain` picks the answer
 * ({@link makeRichAnswer}). `richContent.open()` renders it finished and resolves once it is
 * complete on screen; `richContent.stream()` streams it, one 1-6 character token per task
 * (MessageChannel), and looks at every painted frame for raw markup.
 */
const variant = new URLSearchParams(location.search).get('variant') === 'plain' ? 'plain' : 'rich';
const text = makeRichAnswer()[variant];
const container = document.getElementById('root') as HTMLElement;

let set: (next: { text: string; streaming: boolean }) => void = () => undefined;
function App() {
  const [current, setCurrent] = useState({ text: '', streaming: false });
  set = setCurrent;
  // Ready to measure once mounted.
  useEffect(() => {
    (window as unknown as { richContent: unknown }).richContent = { open, stream, variant, chars: text.length };
  }, []);
  return <StreamingMarkdown streaming={current.streaming}>{current.text}</StreamingMarkdown>;
}
/** A task after this one (one token per task, as the render bench streams). */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/** Complete on screen: every code block highlighted, and (rich) every formula as MathML and every footnote listed and linked. */
function complete(): boolean {
  const root = container.querySelector('.cw-markdown[data-state="done"]');
  if (!root) return false;
  const blocks = [...root.querySelectorAll('.cw-code-block[data-language]')];
  if (blocks.some((block) => block.getAttribute('data-state') !== 'highlighted')) return false;
  if (variant === 'plain') return true;
  return root.querySelectorAll('.cw-math math').length === SECTIONS * MATH_PER_SECTION && root.querySelectorAll('section.cw-footnotes li').length === SECTIONS && root.querySelectorAll('sup.cw-footnote-ref a').length === SECTIONS;
}

/** Raw rich markup in the shown text outside code (a `$$`, `\(`, `[^`, or a `$` before a letter or backslash). */
function raw(): string | undefined {
  const root = container.querySelector('.cw-markdown');
  if (!root) return undefined;
  const clone = root.cloneNode(true) as HTMLElement;
  for (const node of clone.querySelectorAll('.cw-code-block, .cw-math, code')) node.remove();
  return /\$\$|\\\(|\\\[|\[\^|\$[A-Za-z\\]/.exec(clone.textContent ?? '')?.[0];
}

async function open(): Promise<{ wallMs: number; chars: number }> {
  const start = performance.now();
  set({ text, streaming: false });
  for (;;) {
    const at = await afterPaint();
    if (complete()) return { wallMs: at - start, chars: text.length };
  }
}

async function stream(): Promise<{ tokens: number; rawFrames: string[]; frames: number; wallMs: number }> {
  const tokens = tokenize(text, 42);
  const rawFrames: string[] = [];
  let frames = 0;
  let streaming = true;
  const look = (): void => {
    frames += 1;
    const found = raw();
    if (found !== undefined) rawFrames.push(found);
    if (streaming) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  const start = performance.now();
  let shown = '';
  for (const token of tokens) {
    shown += token;
    flushSync(() => set({ text: shown, streaming: true }));
    await nextTask();
  }
  set({ text, streaming: false });
  while (!complete()) await afterPaint();
  streaming = false;
  return { tokens: tokens.length, rawFrames, frames, wallMs: performance.now() - start };
}

createRoot(container).render(<App />);
