import type { ChatEvent } from '../../src/core/events';
import { encodeChatEvent } from '../../src/core/protocols/encodeChatEvent';

/** One step of a scripted answer: an event to send, or a pause (ms) before the next one. */
export type MockStep = ChatEvent | { pause: number };

/** Options of {@link createMockFetch}. */
export interface MockStreamOptions {
  /**
   * The answer to a prompt, as steps. `text-delta` and `reasoning-delta` steps are re-cut
   * into pieces of `chunkSize` characters. `attempt` counts POSTs from 1 (for Retry stories).
   */
  script: (prompt: string, attempt: number) => MockStep[];
  /** Milliseconds between two events. Default `30`. `0` still yields to the event loop. */
  delayMs?: number;
  /** Characters per text/reasoning delta. Default `4`. */
  chunkSize?: number;
  /** The endpoint the fetch answers (others get 404). Default `"/api/chat"`. */
  endpoint?: string;
  /** The conversation id announced in `session`. Default `"conv-mock"`. */
  conversationId?: string;
}

/** What a mock has seen, for assertions. */
export interface MockFetchLog {
  /** Every request as `"METHOD path"`. */
  requests: string[];
  /** Parsed JSON bodies of the POSTs that started a generation. */
  prompts: unknown[];
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(id);
      resolve();
    });
  });

function chunked(step: MockStep, size: number): MockStep[] {
  if ('pause' in step) return [step];
  if (step.type !== 'text-delta' && step.type !== 'reasoning-delta') return [step];
  const pieces = Array.from(step.delta);
  const out: MockStep[] = [];
  for (let i = 0; i < pieces.length; i += size) out.push({ ...step, delta: pieces.slice(i, i + size).join('') });
  return out;
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A `fetch` that speaks chatwire's HTTP API (docs/PROTOCOL.md) from a script, so the real
 * hooks and transport run in stories and tests: POST streams SSE at `delayMs` per event,
 * `/cancel` stops the stream with a `cancelled` event, resume answers 204, history is empty.
 *
 * @example
 * const { fetch } = createMockFetch({ script: () => [{ type: 'text-delta', delta: 'Hello!' }] });
 * <ChatWidget endpoint="/api/chat" fetch={fetch} />
 */
export function createMockFetch(options: MockStreamOptions): { fetch: typeof fetch; log: MockFetchLog } {
  const { script, delayMs = 30, chunkSize = 4, endpoint = '/api/chat', conversationId = 'conv-mock' } = options;
  const log: MockFetchLog = { requests: [], prompts: [] };
  let seq = 0;
  let attempt = 0;
  let generation = 0;
  let cancelActive: (() => void) | null = null;

  const stream = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // Read the request by hand: jsdom's AbortSignal is not the one Node's Request accepts.
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url, 'http://mock.local').pathname;
    const method = (init?.method ?? 'GET').toUpperCase();
    const signal = init?.signal ?? undefined;
    log.requests.push(`${method} ${path}`);
    if (method === 'POST' && path === `${endpoint}/${conversationId}/cancel`) {
      const had = cancelActive !== null;
      cancelActive?.();
      return json({ cancelled: had });
    }
    if (method === 'GET' && path === `${endpoint}/${conversationId}/stream`) return new Response(null, { status: 204 });
    if (method === 'GET' && path === `${endpoint}/${conversationId}/messages`) {
      return json({ conversationId, messages: [], lastSeq: seq, activeStream: null });
    }
    if (method !== 'POST' || path !== endpoint) {
      return json({ error: { message: `mock: no route for ${method} ${path}`, code: 'not_found' } }, 404);
    }

    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { message?: { id?: string; text?: string } };
    log.prompts.push(body);
    attempt += 1;
    generation += 1;
    const streamId = `stream-${generation}`;
    const messageId = `assistant-${generation}`;
    const text = body.message?.text ?? '';
    const steps: MockStep[] = [
      { type: 'user-message', messageId: body.message?.id ?? `user-${generation}`, text },
      { type: 'session', conversationId, streamId, messageId },
      ...script(text, attempt).flatMap((step) => chunked(step, chunkSize)),
    ];
    const stop = new AbortController();
    const encoder = new TextEncoder();
    let cancelled = false;
    cancelActive = () => {
      cancelled = true;
      stop.abort();
    };

    const readable = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (event: ChatEvent): void => {
          seq += 1;
          controller.enqueue(encoder.encode(encodeChatEvent(event, seq)));
        };
        let ended = false;
        for (const step of steps) {
          if (signal?.aborted) break;
          if (cancelled) break;
          if ('pause' in step) {
            await sleep(step.pause, stop.signal);
            continue;
          }
          send(step);
          if (step.type === 'done' || step.type === 'cancelled' || (step.type === 'error' && step.fatal !== false)) {
            ended = true;
            break;
          }
          await sleep(delayMs, stop.signal);
        }
        cancelActive = null;
        if (signal?.aborted) {
          controller.error(new DOMException('The request was aborted.', 'AbortError'));
          return;
        }
        if (cancelled) send({ type: 'cancelled', reason: 'user' });
        else if (!ended) send({ type: 'done', finishReason: 'stop' });
        controller.close();
      },
    });
    signal?.addEventListener('abort', () => stop.abort());
    return new Response(readable, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'x-chatwire-conversation-id': conversationId },
    });
  };

  return { fetch: stream as typeof fetch, log };
}
