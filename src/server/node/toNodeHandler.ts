import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** Origin used to build the Request URL when the Host header is missing. Default `'http://localhost'`. */
  origin?: string;
  /** Called when the handler throws (it normally answers errors itself). Default: `console.error`. */
  onError?: (error: unknown) => void;
}

/**
 * Adapts a fetch-style handler (such as `createChatHandler()`) to `node:http`:
 * `(req, res) => void`. The body streams with backpressure (waits for `drain`), SSE
 * responses get `Connection: keep-alive`, and the Request's signal aborts when the socket
 * closes. A stream that errors (fault injection) destroys the socket.
 *
 * @example
 * ```ts
 * createServer(toNodeHandler(createChatHandler())).listen(3000, '127.0.0.1');
 * ```
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const onError = options.onError ?? ((error: unknown) => console.error('chatwire: node handler failed:', error));
  return (req, res) => {
    void serve(handler, req, res, options.origin ?? 'http://localhost').catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'The chat server failed; see its logs.', code: 'internal_error' } }));
      } else {
        res.destroy();
      }
    });
  };
}

async function serve(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  const aborter = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) aborter.abort('client disconnected');
  };
  res.on('close', onClose);

  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  const base = req.headers.host ? `http://${req.headers.host}` : origin;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(new URL(req.url ?? '/', base), {
    method: req.method ?? 'GET',
    headers,
    signal: aborter.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);

  const response = await handler(request);
  const outHeaders: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    outHeaders[key] = value;
  });
  const setCookie = response.headers.getSetCookie?.() ?? [];
  if (setCookie.length > 0) outHeaders['set-cookie'] = setCookie;
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    outHeaders.connection = 'keep-alive';
  }
  res.writeHead(response.status, outHeaders);
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const stop = (): void => {
    void reader.cancel().catch(() => undefined);
  };
  aborter.signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        // The body failed (or a fault dropped it): cut the connection once what was
        // written has reached the socket, so the client gets the events before the drop.
        cut(res);
        return;
      }
      if (chunk.done) break;
      if (res.destroyed) return;
      if (!res.write(chunk.value)) {
        await drained(res);
      }
    }
    res.end();
  } finally {
    aborter.signal.removeEventListener('abort', stop);
    res.off('close', onClose);
    if (!res.writableFinished) stop();
  }
}

/** Resolves on `drain` or `close`, whichever comes first, leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Closes the connection without finishing the response: flush what was written, then end the socket. */
function cut(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return void res.destroy();
  res.write('', () => socket.destroySoon());
}
