import { readSSE } from '../../../src/core/sse/readSSE';
import type { ChatEvent } from '../../../src/core/events';
import type { ModelRequest, ModelSource } from '../../../src/server/types';

/** One SSE event from the server, parsed. */
export interface WireEvent {
  id: number;
  type: ChatEvent['type'];
  data: Record<string, unknown>;
}

/** Reads SSE events from a body; stops after `limit` events (then cancels the body) or at its end. */
export async function readEvents(body: ReadableStream<Uint8Array> | null, limit = 100_000): Promise<WireEvent[]> {
  if (!body) throw new Error('readEvents: the response has no body');
  const out: WireEvent[] = [];
  const messages = readSSE(body);
  for await (const m of messages) {
    out.push({ id: Number(m.id), type: m.event as ChatEvent['type'], data: JSON.parse(m.data) as Record<string, unknown> });
    if (out.length >= limit) break;
  }
  return out;
}

/** Reads until the body errors or ends; returns what arrived and whether it errored. */
export async function readUntilDropped(body: ReadableStream<Uint8Array> | null): Promise<{ events: WireEvent[]; dropped: boolean }> {
  const events: WireEvent[] = [];
  try {
    for await (const m of readSSE(body as ReadableStream<Uint8Array>)) {
      events.push({ id: Number(m.id), type: m.event as ChatEvent['type'], data: JSON.parse(m.data) as Record<string, unknown> });
    }
    return { events, dropped: false };
  } catch {
    return { events, dropped: true };
  }
}

/** The answer text of a list of events. */
export function textOf(events: WireEvent[]): string {
  return events.filter((e) => e.type === 'text-delta').map((e) => String(e.data.delta)).join('');
}

/** A POST to start a generation. */
export function startRequest(base: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A POST to cancel a conversation's generation (JSON, as every POST must be). */
export function cancelRequest(base: string, conversationId: string | null, body: unknown = {}, headers: Record<string, string> = {}): Request {
  return new Request(`${base}/api/chat/${conversationId ?? ''}/cancel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** `fetch` options of a JSON POST, for tests over real HTTP. */
export function jsonPost(body: unknown = {}): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A model whose every call runs `script`, which yields events; records every request. */
export function scriptedModel(
  script: (request: ModelRequest, call: number) => AsyncIterable<ChatEvent>,
): ModelSource & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    name: 'scripted',
    requests,
    stream(request) {
      requests.push(request);
      return script(request, requests.length - 1);
    },
  };
}

/** Reads a stream event by event, so a test can act in the middle of it. */
export function streamReader(body: ReadableStream<Uint8Array> | null) {
  const iterator = readSSE(body as ReadableStream<Uint8Array>)[Symbol.asyncIterator]();
  const events: WireEvent[] = [];
  return {
    events,
    /** Reads up to and including the first event of `type`; fails at the end of the stream. */
    async until(type: ChatEvent['type']): Promise<WireEvent> {
      for (let i = 0; i < 10_000; i++) {
        const next = await iterator.next();
        if (next.done) throw new Error(`the stream ended before a "${type}" event; it had: ${events.map((e) => e.type).join(', ')}`);
        const event: WireEvent = { id: Number(next.value.id), type: next.value.event as ChatEvent['type'], data: JSON.parse(next.value.data) as Record<string, unknown> };
        events.push(event);
        if (event.type === type) return event;
      }
      throw new Error('too many events');
    },
    async rest(): Promise<WireEvent[]> {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return events;
        events.push({ id: Number(next.value.id), type: next.value.event as ChatEvent['type'], data: JSON.parse(next.value.data) as Record<string, unknown> });
      }
    },
  };
}
