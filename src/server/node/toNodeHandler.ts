import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { textPullOf, type TextOut, type TextPull } from '../handler/textPull';

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** Origin used to build the Request URL when the Host header is missing. @defaultValue `'http://localhost'` */
  origin?: string;
  /** Called when the handler throws (it normally answers errors itself). @defaultValue `console.error` */
  onError?: (error: unknown) => void;
  /**
   * How long one write may wait for the client to take it (`drain`), in ms; past it the
   * connection is closed (a client that stopped reading holds nothing on the server).
   * @defaultValue `30_000`
   */
  writeTimeoutMs?: number;
}

/**
 * Adapts a fetch-style handler (such as `createChatHandler()`) to `node:http`:
 * `(req, res) => void`. The body streams with backpressure (waits for `drain`, at most
 * `writeTimeoutMs`, then closes the connection), SSE responses get `Connection:
 * keep-alive`, and the Request's signal aborts when the socket closes. An answer given
 * before the request body was read (a 413) gets `Connection: close`, so the unread bytes
 * never reach the next request on that connection. A malformed `Host` answers 400. A
 * stream that errors (fault injection) destroys the socket.
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
  const writeTimeoutMs = options.writeTimeoutMs ?? 30_000;
  if (!Number.isInteger(writeTimeoutMs) || writeTimeoutMs < 1) {
    throw new TypeError(`toNodeHandler: writeTimeoutMs must be a whole number of ms (1 or more); received ${String(writeTimeoutMs)}. Leave it out for 30000.`);
  }
  return (req, res) => {
    void serve(handler, req, res, options.origin ?? 'http://localhost', writeTimeoutMs).catch((error: unknown) => {
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

// Over 80 lines: one request from start to end: the body, the response head, the body pump with its write timeout and the cleanups that must see the same state.
async function serve(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  writeTimeoutMs: number,
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
  const url = requestUrl(req, origin);
  if (url === null) {
    res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close' });
    const shown = JSON.stringify(String(req.headers.host ?? '').slice(0, 60));
    res.end(JSON.stringify({ error: { message: `The Host header (${shown}) or the request target is malformed; send a host name and an optional port.`, code: 'invalid_request', field: 'host' } }));
    return;
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
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
  // Answered without reading the whole body: the rest would be taken for the next request.
  if (hasBody && !req.complete) outHeaders.connection = 'close';
  res.writeHead(response.status, outHeaders);
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const pullText = textPullOf(response.body);
  const reader = response.body.getReader();
  const stop = (): void => {
    void reader.cancel().catch(() => undefined);
  };
  aborter.signal.addEventListener('abort', stop, { once: true });
  try {
    if (pullText) return await pump(pullText, res, writeTimeoutMs);
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
      if (!res.write(chunk.value) && !(await drained(res, writeTimeoutMs))) {
        res.destroy();
        return;
      }
    }
    res.end();
  } finally {
    aborter.signal.removeEventListener('abort', stop);
    res.off('close', onClose);
    if (!res.writableFinished) stop();
  }
}

/**
 * The body's chunks written straight to the socket, as a body that offers them does
 * (`textPullOf`): no web-stream read per chunk. Same rules as the web-stream loop:
 * backpressure with the write timeout, a failed body cuts the connection.
 */
async function pump(pullText: TextPull, res: ServerResponse, writeTimeoutMs: number): Promise<void> {
  let state: 'open' | 'closed' | 'failed' = 'open';
  let full = false;
  const direct = chunkWriter(res);
  const out: TextOut = {
    full: () => full,
    enqueue(chunk) {
      if (!res.destroyed && !(direct ? direct(chunk) : res.write(chunk))) full = true;
    },
    close() {
      state = 'closed';
    },
    error() {
      state = 'failed';
    },
  };
  while (state === 'open') {
    try {
      await pullText(out);
    } catch {
      state = 'failed';
    }
    if (res.destroyed) return;
    if (state === 'failed') return cut(res);
    if (full) {
      full = false;
      if (!(await drained(res, writeTimeoutMs, direct ? res.socket : res))) return void res.destroy();
    }
  }
  res.end();
}

/** The last chunk framed by {@link chunkWriter}, and its frame. */
let lastChunk: string | Uint8Array | undefined;
let lastFrame = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n');

/** The current tick: a fresh object per tick in which a socket was written, else `null`. */
let tick: object | null = null;
/** Uncorks of the sockets corked in this tick, run together at its end. */
let uncorks: (() => void)[] = [];
const endTick = (): void => {
  tick = null;
  const due = uncorks;
  uncorks = [];
  for (const uncork of due) uncork();
};

/**
 * `res.write` of an HTTP/1.1 chunked response, as one buffer: the chunk framed as
 * `res.write` frames it (`<size>\r\n<bytes>\r\n`, which it writes in four socket writes).
 * A chunk written to several responses in a row (a log's event, to each of its local
 * subscribers) is framed once. A socket's first write of a tick goes out at once (no
 * buffering: the usual live case, one event per connection and tick); a second one in the
 * same tick corks the socket until the end of the tick, so the rest of a Redis batch's
 * events reach the connection in one more system call.
 * Returns `false` when the socket's buffer is full (wait for the socket's `drain`). `null`
 * (use `res.write`) unless the response is chunked and its socket is attached and writable.
 */
function chunkWriter(res: ServerResponse): ((chunk: string | Uint8Array) => boolean) | null {
  const socket = res.socket as (ServerResponse['socket'] & { _httpMessage?: unknown }) | null;
  if (!socket || !socket.writable || socket._httpMessage !== res || (res as { chunkedEncoding?: unknown }).chunkedEncoding !== true) return null;
  /** The tick of this socket's last write, and the tick it is corked in. */
  let wroteIn: object | null = null;
  let corkedIn: object | null = null;
  const uncork = (): void => {
    socket.uncork();
  };
  return (chunk) => {
    if (chunk !== lastChunk) {
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (size === 0) return true;
      const head = `${size.toString(16)}\r\n`;
      lastFrame = Buffer.allocUnsafe(head.length + size + 2);
      lastFrame.write(head, 0, 'latin1');
      if (typeof chunk === 'string') lastFrame.write(chunk, head.length, 'utf8');
      else lastFrame.set(chunk, head.length);
      lastFrame.set(CRLF, head.length + size);
      lastChunk = chunk;
    }
    if (tick === null) {
      tick = {};
      process.nextTick(endTick);
    }
    if (wroteIn !== tick) wroteIn = tick;
    else if (corkedIn !== tick) {
      corkedIn = tick;
      socket.cork();
      uncorks.push(uncork);
    }
    return socket.write(lastFrame);
  };
}

/**
 * Resolves on `drain` of `drains` (the response, or its socket when written directly) or
 * the response's `close` (`true`), or after `timeoutMs` without either (`false`), leaving
 * no listener or timer behind.
 */
function drained(res: ServerResponse, timeoutMs: number, drains: NodeJS.EventEmitter | null = res): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      drains?.off('drain', onDrain);
      res.off('close', onDrain);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    drains?.on('drain', onDrain);
    res.on('close', onDrain);
  });
}

/** The request's URL from its target and `Host`, or `null` when they do not make one. */
function requestUrl(req: IncomingMessage, origin: string): URL | null {
  const host = req.headers.host;
  // A Host is a name or address with an optional port: nothing else may follow it.
  if (host !== undefined && !/^(\[[0-9a-fA-F:.]+\]|[^\s/?#@\\[\]]+)(:\d{1,5})?$/.test(host)) return null;
  try {
    const base = (host ? `http://${host}` : origin).replace(/\/+$/, '');
    const target = req.url ?? '/';
    // Origin-form ('/path', even '//path') is a path on this host; absolute-form names its own.
    return target.startsWith('/') ? new URL(`${base}${target}`) : new URL(target);
  } catch {
    return null;
  }
}

/** Closes the connection without finishing the response: flush what was written, then end the socket. */
function cut(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return void res.destroy();
  res.write('', () => socket.destroySoon());
}
