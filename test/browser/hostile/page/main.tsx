import { createElement, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { ChatWidget } from '../../../../src/components/ChatWidget';
import { StreamingMarkdown } from '../../../../src/markdown/react/StreamingMarkdown';
import { createChatStore } from '../../../../src/core/store/createChatStore';
import '../../../../src/styles.css';
import { findViolations } from './findViolations';
import { hostileCorpus } from './hostileCorpus';
import type { HostileReport } from './HostileReport';

/**
 * The hostile-input page. `window.hostile.markdown(name, mode)` renders one corpus sample
 * through StreamingMarkdown (streamed chunk by chunk, or final at once);
 * `window.hostile.widget()` streams the small samples, hostile citations, tool calls and
 * status lines through ChatWidget over a fake chatwire SSE response. Both watch the DOM
 * with a MutationObserver (a payload that shows up for one frame counts) and run a
 * timer probe to measure the longest time the main thread was blocked.
 */
const corpus = hostileCorpus();
const hits: string[] = [];
(window as unknown as { __hostile: (tag: string) => void }).__hostile = (tag) => hits.push(tag);

const container = document.getElementById('root') as HTMLElement;
let root: Root | null = null;

const later = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fires every 10 ms; the longest gap between two firings is the longest blocked interval. */
function startProbe(): { stop(): { maxGapMs: number; ticks: number } } {
  let last = performance.now();
  let maxGapMs = 0;
  let ticks = 0;
  let handle = 0;
  const tick = () => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks += 1;
    handle = window.setTimeout(tick, 10);
  };
  handle = window.setTimeout(tick, 10);
  return {
    stop() {
      window.clearTimeout(handle);
      maxGapMs = Math.max(maxGapMs, performance.now() - last);
      return { maxGapMs, ticks };
    },
  };
}

/** Watches `container` for violations as they appear, not only in the final DOM. */
function watch(): { stop(): string[] } {
  const seen = new Set<string>();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target;
      if (record.type === 'attributes' && target instanceof Element) for (const v of findViolations(target)) seen.add(v);
      for (const node of record.addedNodes) if (node instanceof Element) for (const v of findViolations(node)) seen.add(v);
    }
  });
  observer.observe(container, { subtree: true, childList: true, attributes: true });
  return {
    stop() {
      for (const record of observer.takeRecords()) {
        for (const node of record.addedNodes) if (node instanceof Element) for (const v of findViolations(node)) seen.add(v);
      }
      observer.disconnect();
      for (const v of findViolations(container)) seen.add(v);
      return [...seen];
    },
  };
}

/** Waits (bounded) until no code block of a known language is still waiting for its highlighting. */
async function settle(timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until && container.querySelector('.cw-code-block[data-state="plain"][data-language="js"], .cw-code-block[data-state="plain"][data-language="html"]')) {
    await later(50);
  }
  await later(100);
}

function mount(element: ReactElement): void {
  flushSync(() => root?.render(element));
}

function reset(): void {
  root?.unmount();
  root = createRoot(container);
}

async function markdown(name: string, mode: 'streamed' | 'final'): Promise<HostileReport> {
  const sample = corpus.find((s) => s.name === name);
  if (!sample) throw new Error(`No corpus sample "${name}". Samples: ${corpus.map((s) => s.name).join(', ')}.`);
  reset();
  const start = performance.now();
  const probe = startProbe();
  const watcher = watch();
  let steps = 0;
  if (mode === 'streamed') {
    for (let at = sample.chunk; at < sample.text.length + sample.chunk; at += sample.chunk) {
      mount(createElement(StreamingMarkdown, { streaming: true }, sample.text.slice(0, at)));
      steps += 1;
      await later();
    }
  }
  mount(createElement(StreamingMarkdown, { streaming: false }, sample.text));
  steps += 1;
  await settle(30_000);
  const violations = watcher.stop();
  const { maxGapMs, ticks } = probe.stop();
  return {
    name,
    mode,
    steps,
    maxGapMs,
    ticks,
    ms: performance.now() - start,
    complete: (container.textContent ?? '').includes(sample.sentinel),
    violations,
    hits: [...hits],
    elements: container.querySelectorAll('*').length,
  };
}

/** A chatwire SSE response that streams `events`, one per macrotask. */
function sseResponse(events: Array<Record<string, unknown>>): Response {
  let index = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await later();
      const event = events[index];
      if (!event) {
        controller.close();
        return;
      }
      index += 1;
      const { type, ...data } = event;
      controller.enqueue(encoder.encode(`id: ${index}\nevent: ${String(type)}\ndata: ${JSON.stringify(data)}\n\n`));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function widgetEvents(): Array<Record<string, unknown>> {
  const text = corpus
    .filter((s) => s.chunk < 100)
    .map((s) => s.text)
    .join('\n\n')
    .concat('\n\nSee [1] and [2].\n\nEND-OF-WIDGET\n');
  const deltas: Array<Record<string, unknown>> = [];
  for (let at = 0; at < text.length; at += 7) deltas.push({ type: 'text-delta', delta: text.slice(at, at + 7) });
  const evil = "javascript:window.__hostile&&window.__hostile('citation');alert('citation')";
  return [
    { type: 'user-message', messageId: 'u1', text: '<img src=x onerror=alert(1)>' },
    { type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' },
    { type: 'status', text: `<img src=x onerror="window.__hostile('status')"> Searching <script>alert(1)</script>` },
    { type: 'reasoning-delta', delta: `<svg onload="window.__hostile('reasoning')"></svg> [r](javascript:alert(1))` },
    { type: 'tool-call-start', toolCallId: 't1', name: `<img src=x onerror="window.__hostile('tool-name')">` },
    { type: 'tool-call-delta', toolCallId: 't1', argsDelta: '{"q":"<script>alert(1)</script>"' },
    { type: 'tool-call-delta', toolCallId: 't1', argsDelta: ',"u":"javascript:alert(1)"}' },
    { type: 'tool-call', toolCallId: 't1', name: `<img src=x onerror="window.__hostile('tool-name')">`, args: { q: '<script>alert(1)</script>', u: 'javascript:alert(1)' } },
    { type: 'tool-executing', toolCallId: 't1' },
    { type: 'tool-result', toolCallId: 't1', result: { html: `<iframe src="javascript:window.__hostile('tool-result')"></iframe>` } },
    {
      type: 'citations',
      citations: [
        { id: '1', title: '<img src=x onerror=alert(1)>', url: evil },
        { id: '2', title: 'data', url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
        { id: '12:45, Sarah Johnson', timestamp: '12:45', speaker: 'Sarah Johnson', url: ' JaVaScRiPt:alert(1)' },
      ],
    },
    ...deltas,
    { type: 'done', finishReason: 'stop' },
  ];
}

async function widget(): Promise<HostileReport> {
  reset();
  const fakeFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if ((init?.method ?? 'GET') === 'POST' && new URL(url, location.href).pathname === '/api/chat') return sseResponse(widgetEvents());
    return new Response(null, { status: 204 });
  };
  const store = createChatStore({ endpoint: '/api/chat', protocol: 'chatwire', fetch: fakeFetch });
  const start = performance.now();
  const probe = startProbe();
  const watcher = watch();
  mount(createElement(ChatWidget, { store, resumeOnMount: false, theme: 'light' }));
  await store.getState().send('<script>alert(1)</script>');
  const until = performance.now() + 60_000;
  while (performance.now() < until && container.querySelector('.cw-widget')?.getAttribute('data-phase') !== 'complete') await later(50);
  await settle(30_000);
  const violations = watcher.stop();
  const { maxGapMs, ticks } = probe.stop();
  const phase = container.querySelector('.cw-widget')?.getAttribute('data-phase');
  return {
    name: 'ChatWidget',
    mode: 'streamed',
    steps: widgetEvents().length,
    maxGapMs,
    ticks,
    ms: performance.now() - start,
    complete: phase === 'complete' && (container.textContent ?? '').includes('END-OF-WIDGET'),
    violations,
    hits: [...hits],
    elements: container.querySelectorAll('*').length,
  };
}

(window as unknown as { hostile: unknown }).hostile = {
  names: corpus.map((s) => s.name),
  markdown,
  widget,
  hits: () => [...hits],
  scan: () => findViolations(container),
};
