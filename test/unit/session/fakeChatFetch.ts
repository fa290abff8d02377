import type { ChatEvent } from '../../../src/core/events';
import { encodeChatEvent } from '../../../src/core/protocols/encodeChatEvent';

/** A request the fake server received. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | undefined;
}

/** An SSE response whose body the test writes. */
export interface TestStream {
  response: Response;
  /** Writes a chatwire event (id = its seq, or the given id). */
  send(event: ChatEvent, id?: number): void;
  /** Writes raw SSE text. */
  raw(text: string): void;
  /** Ends the body (a drop, when no terminal event was sent). */
  close(): void;
  /** Breaks the body with an error. */
  fail(error?: unknown): void;
  readonly closed: boolean;
}

const encoder = new TextEncoder();

/** An SSE response (`text/event-stream`) the test feeds event by event. */
export function testStream(headers: Record<string, string> = {}): TestStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      closed = true;
    },
  });
  const write = (text: string): void => {
    if (!closed) controller.enqueue(encoder.encode(text));
  };
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream', ...headers } }),
    send: (event, id) => write(encodeChatEvent(event, id)),
    raw: write,
    close() {
      if (closed) return;
      closed = true;
      controller.close();
    },
    fail(error = new TypeError('network connection lost')) {
      if (closed) return;
      closed = true;
      controller.error(error);
    },
    get closed() {
      return closed;
    },
  };
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * A `fetch` that records every request and answers with `route`. Aborting a request's
 * signal breaks its stream body with an AbortError, as real fetch does.
 */
export function createFakeFetch(route: (request: RecordedRequest) => Response | Promise<Response>) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: text === undefined ? undefined : (JSON.parse(text) as unknown),
      signal: init?.signal ?? undefined,
    };
    requests.push(request);
    if (request.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const response = await route(request);
    const body = response.body;
    if (body && request.signal) {
      const reader = body.getReader();
      const signal = request.signal;
      const wrapped = new ReadableStream<Uint8Array>({
        start(c) {
          signal.addEventListener('abort', () => {
            try {
              c.error(new DOMException('The operation was aborted.', 'AbortError'));
            } catch {
              // already closed
            }
            void reader.cancel().catch(() => undefined);
          });
        },
        async pull(c) {
          try {
            const { done, value } = await reader.read();
            if (done) c.close();
            else c.enqueue(value);
          } catch (e) {
            c.error(e);
          }
        },
        cancel: () => reader.cancel(),
      });
      return new Response(wrapped, { status: response.status, headers: response.headers });
    }
    return response;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** An in-memory {@link ChatStorage}. */
export function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}
