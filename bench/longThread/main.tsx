import { useLayoutEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { Streamdown } from 'streamdown';
import { ChatWidget } from '../../src/components/ChatWidget';
import { encodeChatEvent } from '../../src/core/protocols/encodeChatEvent';
import { joinText } from '../../src/core/session/joinText';
import type { ChatMessage } from '../../src/core/session/types';
import '../../src/styles.css';
import 'streamdown/styles.css';
import { afterPaint } from '../pageTiming';
import { makeAnswer, tokenize } from '../render/answer';
import { makeThread } from './thread';

/**
 * The long-thread benchmark page (also the long-thread browser tests' page).
 * `?contender=chatwire|streamdown&exchanges=300` picks what `longThread.open()` mounts: a
 * `ChatWidget` with the thread as `initialMessages`, or every message through `<Streamdown>`
 * in a scrolling div. `longThread.stream()` sends a prompt through the widget's composer and
 * streams an answer into it from an in-page SSE response, one token per `intervalMs`.
 */
const params = new URLSearchParams(location.search);
const contender = params.get('contender') ?? 'chatwire';
const exchanges = Number(params.get('exchanges') ?? '300');
const messages = makeThread(exchanges);
const chars = messages.reduce((sum, message) => sum + joinText(message.parts).length, 0);
const container = document.getElementById('root') as HTMLElement;
const root = createRoot(container);

interface Feed {
  push(text: string): void;
  close(): void;
}
let feeds: Array<(feed: Feed) => void> = [];
const nextFeed = () => new Promise<Feed>((resolve) => feeds.push(resolve));
const encoder = new TextEncoder();
const fakeFetch: typeof fetch = async () => {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const waiting = feeds;
  feeds = [];
  for (const resolve of waiting) resolve({ push: (text) => controller.enqueue(encoder.encode(text)), close: () => controller.close() });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};

function StreamdownThread({ thread }: { thread: ChatMessage[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);
  return (
    <div ref={viewport} className="sd-viewport">
      {thread.map((message) =>
        message.role === 'user' ? (
          <div key={message.id} className="sd-user" data-id={message.id}>
            {joinText(message.parts)}
          </div>
        ) : (
          <div key={message.id} data-id={message.id}>
            <Streamdown mode="static">{joinText(message.parts)}</Streamdown>
          </div>
        ),
      )}
    </div>
  );
}


const viewportOf = () => container.querySelector<HTMLElement>(contender === 'chatwire' ? '.cw-message-list-viewport' : '.sd-viewport');
const lastId = messages[messages.length - 1]?.id ?? '';

/** At the bottom, the last message in the DOM, and (chatwire) every message in view rendered in full. */
function ready(): boolean {
  const viewport = viewportOf();
  const last = contender === 'chatwire' ? `.cw-message[data-message-id="${lastId}"]` : `[data-id="${lastId}"]`;
  if (!viewport || (lastId !== '' && !container.querySelector(last))) return false;
  if (viewport.scrollHeight - viewport.scrollTop - viewport.clientHeight > 2) return false;
  if (contender !== 'chatwire' || lastId === '') return true;
  const box = viewport.getBoundingClientRect();
  // Messages fill the viewport from its top (not a text group standing for messages not in slots yet)...
  const shown = [...viewport.querySelectorAll<HTMLElement>('.cw-message')].filter((m) => {
    const rect = m.getBoundingClientRect();
    return rect.bottom > box.top && rect.top < box.bottom;
  });
  if (shown.length === 0 || (shown[0] as HTMLElement).getBoundingClientRect().top > box.top + 32) return false;
  // ...and every one of them is rendered in full (the last two always are; earlier ones are in slots).
  return shown.every((m) => (m.closest('.cw-message-slot') as HTMLElement | null)?.dataset.render !== 'plain');
}

async function open(): Promise<{ ttiMs: number; domNodes: number; mounted: number; messages: number; chars: number }> {
  const start = performance.now();
  root.render(
    contender === 'chatwire' ? (
      <ChatWidget initialMessages={messages} fetch={fakeFetch} protocol="chatwire" storage={null} follow={false} />
    ) : (
      <StreamdownThread thread={messages} />
    ),
  );
  for (;;) {
    const at = await afterPaint();
    if (ready()) {
      const mounted = container.querySelectorAll(contender === 'chatwire' ? '.cw-message-slot' : '[data-id]').length;
      return { ttiMs: at - start, domNodes: container.querySelectorAll('*').length, mounted, messages: messages.length, chars };
    }
  }
}

/** Waits until the whole history is mounted in slots (no text group left) and nothing changed for `quietMs`. */
async function settle(quietMs = 500): Promise<{ settledMs: number; domNodes: number }> {
  const start = performance.now();
  let count = -1;
  let since = performance.now();
  for (;;) {
    await afterPaint();
    const now = container.querySelectorAll('*').length;
    if (now !== count || container.querySelector('.cw-message-group[data-render="text"]')) {
      count = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) {
      return { settledMs: since - start, domNodes: count };
    }
  }
}

/**
 * Resolves once the earlier messages are on the page (`.cw-message-history`, mounted when the
 * long-conversation chunk has loaded), from a MutationObserver: in the microtasks right after
 * the commit that mounted them, before any frame or idle callback.
 */
function history(): Promise<HTMLElement> {
  return new Promise((resolve) => {
    const find = () => container.querySelector<HTMLElement>('.cw-message-history');
    const found = find();
    if (found) return resolve(found);
    const observer = new MutationObserver(() => {
      const mounted = find();
      if (!mounted) return;
      observer.disconnect();
      resolve(mounted);
    });
    observer.observe(container, { childList: true, subtree: true });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `prompt` through the composer and streams `tokens` tokens of a generated answer,
 * one per `intervalMs` (a timer), then `done`; resolves once the widget is idle again.
 * `hold` (ms) waits that long before the last token, for tests that look mid-stream.
 */
async function stream(options: { tokens: number; intervalMs: number; seed?: number; hold?: number }): Promise<{ tokens: number; chars: number }> {
  const answer = tokenize(makeAnswer(options.tokens * 4, options.seed ?? 7).text, 11).slice(0, options.tokens);
  const textarea = container.querySelector('textarea') as HTMLTextAreaElement;
  const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  setValue?.call(textarea, 'One more question');
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  const feed = nextFeed();
  (container.querySelector('button[data-action="send"]') as HTMLButtonElement).click();
  const { push, close } = await feed;
  push(encodeChatEvent({ type: 'session', conversationId: 'bench', streamId: 's1', messageId: 'live' }));
  for (let i = 0; i < answer.length; i += 1) {
    if (i === answer.length - 1 && options.hold) await sleep(options.hold);
    push(encodeChatEvent({ type: 'text-delta', delta: answer[i] as string }));
    await sleep(options.intervalMs);
  }
  push(encodeChatEvent({ type: 'done', finishReason: 'stop' }));
  close();
  while (container.querySelector('.cw-widget')?.getAttribute('data-phase') !== 'complete') await afterPaint();
  await afterPaint();
  return { tokens: answer.length, chars: answer.join('').length };
}

(window as unknown as { longThread: unknown }).longThread = { open, history, settle, stream, afterPaint, ready, contender, exchanges, chars };
