import { createRoot } from 'react-dom/client';
import { ChatWidget } from '../../src/components/ChatWidget';
import '../../src/styles.css';

/**
 * The first-paint benchmark page. `?page=bare`: `fetch` + a text node per chunk, nothing
 * else. `?page=chatwire`: a `ChatWidget` whose prompt is sent through its composer. Both
 * POST to the same `/api/chat` of the bench's server, which answers with chatwire SSE: the
 * session at once, the first text token ({@link FIRST_WORD}, a word whose end the page cannot
 * know yet) after a pause, then a token every 50 ms. `firstPaint.run()` reports when the
 * first word's bytes reached the page, when the word entered the DOM, and the first frame
 * painted after that.
 */
export const FIRST_WORD = 'Hello';

const page = new URLSearchParams(location.search).get('page') ?? 'bare';
const container = document.getElementById('root') as HTMLElement;

/** `performance.now()` of a task posted from each animation frame: it runs once that frame was painted. */
const painted: number[] = [];
let framing = true;
const frame = (): void => {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      painted.push(performance.now());
      if (framing) frame();
    };
    channel.port2.postMessage(null);
  });
};

let byteAt: number | undefined;
let insertedAt: number | undefined;
const decoder = new TextDecoder();
const sawBytes = (chunk: Uint8Array): void => {
  if (byteAt === undefined && decoder.decode(chunk, { stream: true }).includes(FIRST_WORD)) byteAt = performance.now();
};
// Where the answer shows: the bare page's div, the widget's assistant message.
const answerText = () =>
  page === 'bare' ? (container.textContent ?? '') : (container.querySelector('.cw-message[data-role="assistant"]')?.textContent ?? '');
new MutationObserver(() => {
  if (insertedAt === undefined && answerText().includes(FIRST_WORD)) insertedAt = performance.now();
}).observe(container, { subtree: true, childList: true, characterData: true });

/** The widget's fetch, which notes when the first word's bytes arrive (as the bare page's read loop does). */
const timedFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.body) return response;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        sawBytes(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
};

const root = page === 'chatwire' ? createRoot(container) : undefined;
root?.render(<ChatWidget endpoint="/api/chat" protocol="chatwire" fetch={timedFetch} storage={null} follow={false} />);

async function bare(): Promise<void> {
  const div = document.createElement('div');
  div.className = 'bare';
  container.append(div);
  const response = await fetch('/api/chat', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const text = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    sawBytes(value);
    div.append(document.createTextNode(text.decode(value, { stream: true })));
  }
}

async function widget(): Promise<void> {
  const textarea = container.querySelector('textarea') as HTMLTextAreaElement;
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(textarea, 'Say hello');
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  (container.querySelector('button[data-action="send"]') as HTMLButtonElement).click();
  while (container.querySelector('.cw-widget')?.getAttribute('data-phase') !== 'complete') await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Streams one answer; resolves with the times (ms, `performance.now()`) and frames from the first word's bytes to its paint. */
async function run(): Promise<{ toDom: number; toPaint: number; frames: number }> {
  frame();
  await (page === 'bare' ? bare() : widget());
  framing = false;
  if (byteAt === undefined || insertedAt === undefined) throw new Error(`the first word was not ${byteAt === undefined ? 'received' : 'shown'}`);
  const inserted = insertedAt;
  const paintAt = painted.find((at) => at >= inserted) ?? NaN;
  const bytes = byteAt;
  return { toDom: inserted - bytes, toPaint: paintAt - bytes, frames: painted.filter((at) => at > bytes && at <= paintAt).length };
}

(window as unknown as { firstPaint: unknown }).firstPaint = { run, page };
