/** One request the fake fetch received. */
export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: Record<string, any>;
  signal: AbortSignal;
}

/** A fetch that records requests and answers with `respond`. */
export function fakeFetch(respond: (call: RecordedCall) => Response | Promise<Response>): {
  fetch: typeof fetch;
  calls: RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!init?.signal) throw new Error('fakeFetch: the bridge passed no AbortSignal');
    const call: RecordedCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: JSON.parse(String(init.body)) as Record<string, any>,
      signal: init.signal,
    };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

/** A 200 `text/event-stream` response whose body is `text`, cut into small chunks. */
export function sseResponse(text: string, chunkSize = 37): Response {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** A JSON error response, as providers send them. */
export function jsonResponse(status: number, body: unknown, statusText = ''): Response {
  return new Response(JSON.stringify(body), { status, statusText, headers: { 'content-type': 'application/json' } });
}

/**
 * A response that sends `first`, then stays open until the request's signal aborts, and
 * then errors like a real fetch body does. `state.cancelled` tells whether the bridge
 * gave the body up.
 */
export function openResponse(call: RecordedCall, first: string): { response: Response; state: { cancelled: boolean } } {
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
      const onAbort = (): void => {
        state.cancelled = true;
        controller.error(new DOMException('This operation was aborted', 'AbortError'));
      };
      if (call.signal.aborted) onAbort();
      else call.signal.addEventListener('abort', onAbort, { once: true });
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }), state };
}

/** Collects every event of an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** SSE text from `[event, data]` pairs (`event` null for data-only streams). */
export function sse(events: [string | null, unknown][]): string {
  return events
    .map(([event, data]) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`)
    .join('');
}
