import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Timers } from '../../../src/core/Timers';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Resolves when the client's socket for this request closed. */
  closed: Promise<void>;
}

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1:0 recording every request; close() destroys all sockets. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void | Promise<void>,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, closed };
      requests.push(seen);
      void Promise.resolve(handler(req, res, seen)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.flushHeaders();
}

export function event(id: number | string, data: string, name?: string): string {
  return `id: ${id}\n${name ? `event: ${name}\n` : ''}data: ${data}\n\n`;
}

/**
 * Virtual time for the transport: nothing fires until `advance(ms)`. Records every delay
 * asked for.
 */
export class FakeClock implements Timers {
  now = 0;
  readonly asked: number[] = [];
  private readonly pending = new Map<number, { due: number; callback: () => void }>();
  private nextId = 1;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.asked.push(ms);
    this.pending.set(id, { due: this.now + ms, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  /** Delays of the timers currently pending. */
  get pendingDelays(): number[] {
    return [...this.pending.values()].map((t) => t.due - this.now);
  }

  advance(ms: number): void {
    const target = this.now + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      let nextId: number | undefined;
      let next: { due: number; callback: () => void } | undefined;
      for (const [id, t] of this.pending) {
        if (t.due <= target && (!next || t.due < next.due)) {
          next = t;
          nextId = id;
        }
      }
      if (!next || nextId === undefined) break;
      this.pending.delete(nextId);
      this.now = next.due;
      next.callback();
    }
    this.now = target;
  }
}

/** Timers that fire on the next macrotask whatever the delay, recording the delays. */
export function instantTimers(): Timers & { asked: number[] } {
  const asked: number[] = [];
  const handles = new Map<number, ReturnType<typeof setImmediate>>();
  let next = 1;
  return {
    asked,
    setTimeout(callback, ms) {
      asked.push(ms);
      const id = next++;
      handles.set(
        id,
        setImmediate(() => {
          handles.delete(id);
          callback();
        }),
      );
      return id;
    },
    clearTimeout(handle) {
      const h = handles.get(handle as number);
      if (h) clearImmediate(h);
      handles.delete(handle as number);
    },
  };
}

/** Polls `condition` on macrotasks (bounded), for waiting on server-side effects. */
export async function until(condition: () => boolean, what: string, rounds = 2000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
