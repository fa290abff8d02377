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
  /**
   * The conversation id announced in `session`. Default `"conv-mock-<n>"`, a new one per
   * mock, as a server names each conversation (stores that get the same id share it
   * across tabs, see docs/sync.md).
   */
  conversationId?: string;
  /**
   * Drop the POST response (a network error) after this many events, once per generation;
   * the generation goes on "on the server" and the client resumes with `Last-Event-ID`.
   * Default: never.
   */
  dropAfterEvents?: number;
  /** How long a resume request waits before answering, in ms (keeps "Reconnecting..." visible). Default `0`. */
  resumeDelayMs?: number;
}

/** What a mock has seen, for assertions. */
export interface MockFetchLog {
  /** Every request as `"METHOD path"`, resumes with `" after <Last-Event-ID>"`. */
  requests: string[];
  /** Parsed JSON bodies of the POSTs that started a generation. */
  prompts: unknown[];
}

/** One generation "on the server": its events, produced on a timer whether anyone listens or not. */
interface Generation {
  log: Array<{ seq: number; event: ChatEvent }>;
  ended: boolean;
  waiters: Array<() => void>;
  cancel: () => void;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(id);
      resolve();
    };
    const id = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
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

const isEnd = (event: ChatEvent): boolean =>
  event.type === 'done' || event.type === 'cancelled' || (event.type === 'error' && event.fatal !== false);

/** Wakes everyone waiting for a generation's next event. */
function notify(generation: Generation): void {
  const waiters = generation.waiters.splice(0);
  for (const wake of waiters) wake();
}

/** SSE of a generation's events after `after`, following it live until it ends. */
function follow(generation: Generation, after: number, signal: AbortSignal | undefined, dropAfter?: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = generation.log.findIndex((entry) => entry.seq > after);
  if (next === -1) next = generation.log.length;
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (signal?.aborted) {
          controller.error(new DOMException('The request was aborted.', 'AbortError'));
          return;
        }
        const entry = generation.log[next];
        if (entry) {
          next += 1;
          sent += 1;
          controller.enqueue(encoder.encode(encodeChatEvent(entry.event, entry.seq)));
          if (dropAfter !== undefined && sent >= dropAfter && !isEnd(entry.event)) {
            controller.error(new TypeError('mock: network connection lost'));
          }
          return;
        }
        if (generation.ended) {
          controller.close();
          return;
        }
        await new Promise<void>((resolve) => {
          const onAbort = (): void => resolve();
          generation.waiters.push(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          });
          signal?.addEventListener('abort', onAbort, { once: true });
        });
      }
    },
  });
}

/** Mocks created so far: each names its conversation apart. */
let mocks = 0;

/**
 * A `fetch` that speaks chatwire's HTTP API (docs/PROTOCOL.md) from a script, so the real
 * hooks and transport run in stories and tests. POST starts a generation that produces its
 * events every `delayMs` into a log (like a server, whether the client listens or not) and
 * streams them as SSE; `/stream` resumes after `Last-Event-ID` (204 when nothing is left);
 * `/cancel` stops the generation with a `cancelled` event; history is empty.
 *
 * @example
 * const { fetch } = createMockFetch({ script: () => [{ type: 'text-delta', delta: 'Hello!' }] });
 * <ChatWidget endpoint="/api/chat" protocol="chatwire" fetch={fetch} />
 */
export function createMockFetch(options: MockStreamOptions): { fetch: typeof fetch; log: MockFetchLog } {
  const { script, delayMs = 30, chunkSize = 4, endpoint = '/api/chat', conversationId = `conv-mock-${++mocks}` } = options;
  const log: MockFetchLog = { requests: [], prompts: [] };
  let seq = 0;
  let attempt = 0;
  let count = 0;
  let current: Generation | null = null;

  const start = (text: string, userMessageId: string): Generation => {
    count += 1;
    attempt += 1;
    const stop = new AbortController();
    const generation: Generation = { log: [], ended: false, waiters: [], cancel: () => stop.abort() };
    const emit = (event: ChatEvent): void => {
      seq += 1;
      generation.log.push({ seq, event });
      notify(generation);
    };
    const steps: MockStep[] = [
      { type: 'user-message', messageId: userMessageId, text },
      { type: 'session', conversationId, streamId: `stream-${count}`, messageId: `assistant-${count}` },
      ...script(text, attempt).flatMap((step) => chunked(step, chunkSize)),
    ];
    void (async () => {
      let ended = false;
      for (const step of steps) {
        if (stop.signal.aborted) break;
        if ('pause' in step) {
          await sleep(step.pause, stop.signal);
          continue;
        }
        emit(step);
        if (isEnd(step)) {
          ended = true;
          break;
        }
        await sleep(delayMs, stop.signal);
      }
      if (stop.signal.aborted) emit({ type: 'cancelled', reason: 'user' });
      else if (!ended) emit({ type: 'done', finishReason: 'stop' });
      generation.ended = true;
      notify(generation);
    })();
    return generation;
  };

  const mockFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // Read the request by hand: jsdom's AbortSignal is not the one Node's Request accepts.
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://mock.local');
    const path = url.pathname;
    const method = (init?.method ?? 'GET').toUpperCase();
    const signal = init?.signal ?? undefined;
    const sse = { status: 200, headers: { 'content-type': 'text/event-stream', 'x-chatwire-conversation-id': conversationId } };

    if (method === 'POST' && path === `${endpoint}/${conversationId}/cancel`) {
      log.requests.push(`${method} ${path}`);
      const active = current !== null && !current.ended;
      current?.cancel();
      return json({ cancelled: active });
    }
    if (method === 'GET' && path === `${endpoint}/${conversationId}/stream`) {
      const after = Number(new Headers(init?.headers).get('last-event-id') ?? url.searchParams.get('lastEventId') ?? 0);
      log.requests.push(`${method} ${path} after ${after}`);
      if (options.resumeDelayMs) await sleep(options.resumeDelayMs, signal ?? new AbortController().signal);
      if (!current || (current.ended && !current.log.some((entry) => entry.seq > after))) return new Response(null, { status: 204 });
      return new Response(follow(current, after, signal), sse);
    }
    log.requests.push(`${method} ${path}`);
    if (method === 'GET' && path === `${endpoint}/${conversationId}/messages`) {
      return json({ conversationId, messages: [], lastSeq: seq, activeStream: null });
    }
    if (method !== 'POST' || path !== endpoint) {
      return json({ error: { message: `mock: no route for ${method} ${path}`, code: 'not_found' } }, 404);
    }
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { message?: { id?: string; text?: string } };
    log.prompts.push(body);
    current = start(body.message?.text ?? '', body.message?.id ?? `user-${count + 1}`);
    return new Response(follow(current, 0, signal, options.dropAfterEvents), sse);
  };

  return { fetch: mockFetch as typeof fetch, log };
}
