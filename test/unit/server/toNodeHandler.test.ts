import { EventEmitter } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { offerText } from '../../../src/server/handler/textPull';
import { toNodeHandler } from '../../../src/server/node/toNodeHandler';

/** A ServerResponse stand-in whose socket is "full": write() returns false until drain(). */
class FullResponse extends EventEmitter {
  writes: Uint8Array[] = [];
  status = 0;
  headers: Record<string, unknown> = {};
  headersSent = false;
  destroyed = false;
  writableFinished = false;
  ended = false;
  writeHead(status: number, headers: Record<string, unknown>): this {
    this.status = status;
    this.headers = headers;
    this.headersSent = true;
    return this;
  }
  flushHeaders(): void {}
  write(chunk: Uint8Array): boolean {
    this.writes.push(chunk);
    return false;
  }
  end(): void {
    this.ended = true;
    this.writableFinished = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function countingBody(onCancel: () => void): { body: ReadableStream<Uint8Array>; pulls: () => number } {
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1024));
        if (pulls === 100) controller.close();
      },
      cancel: onCancel,
    },
    { highWaterMark: 1 },
  );
  return { body, pulls: () => pulls };
}

describe('toNodeHandler', () => {
  it('waits for drain before reading more of the body (backpressure), and ends after the last chunk', async () => {
    const { body, pulls } = countingBody(() => undefined);
    const res = new FullResponse();
    const node = toNodeHandler(async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }));
    node({ method: 'GET', url: '/api/chat/x/stream', headers: { host: 'h' } } as unknown as IncomingMessage, res as unknown as ServerResponse);
    for (let i = 0; i < 20; i++) await tick();
    expect(res.headers).toMatchObject({ 'content-type': 'text/event-stream', connection: 'keep-alive' });
    expect(res.writes).toHaveLength(1);
    expect(pulls()).toBeLessThanOrEqual(3);
    for (let i = 0; i < 200 && !res.ended; i++) {
      res.emit('drain');
      await tick();
    }
    expect(res.writes).toHaveLength(100);
    expect(res.ended).toBe(true);
  });

  it('writes a body that offers its text (a log stream) as it comes: no web-stream read, drain respected', async () => {
    let webPulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({ pull: () => void webPulls++, cancel: () => void (cancelled = true) }, { highWaterMark: 0 });
    const shared = new TextEncoder().encode('id: 1\nevent: text-delta\ndata: {}\n\n');
    let pulls = 0;
    offerText(body, async (out) => {
      pulls++;
      if (pulls <= 3) out.enqueue(pulls === 1 ? shared : `: chunk ${pulls}\n\n`);
      else out.close();
    });
    const res = new FullResponse();
    const node = toNodeHandler(async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }));
    node({ method: 'GET', url: '/api/chat/x/stream', headers: { host: 'h' } } as unknown as IncomingMessage, res as unknown as ServerResponse);
    for (let i = 0; i < 20; i++) await tick();
    expect(res.writes).toEqual([shared]); // the socket is full: nothing more until drain
    expect(res.writes[0]).toBe(shared);
    for (let i = 0; i < 20 && !res.ended; i++) {
      res.emit('drain');
      await tick();
    }
    expect(res.writes.slice(1)).toEqual([': chunk 2\n\n', ': chunk 3\n\n']);
    expect(res.ended).toBe(true);
    expect(webPulls).toBe(0);
    expect(cancelled).toBe(false);
  });

  it('over a real socket, writes each offered chunk as one HTTP chunk (strings, bytes, empty ones skipped) and leaves the connection reusable', async () => {
    const chunks: (string | Uint8Array)[] = ['id: 1\nevent: text-delta\ndata: {"delta":"é🎉"}\n\n', '', new TextEncoder().encode(': ping\n\n'), 'x'.repeat(70_000)];
    const node = toNodeHandler(async (request) => {
      if (new URL(request.url).pathname === '/plain') return new Response('after');
      const body = new ReadableStream<Uint8Array>({}, { highWaterMark: 0 });
      let next = 0;
      offerText(body, async (out) => {
        if (next < chunks.length) out.enqueue(chunks[next++] as string | Uint8Array);
        else out.close();
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const server = createServer(node);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ text: string; socket: unknown }>((resolve, reject) => {
        const { port } = server.address() as AddressInfo;
        request({ host: '127.0.0.1', port, path, agent }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ text, socket: response.socket }));
        }).on('error', reject).end();
      });
    try {
      const sse = await get('/api/chat/x/stream');
      expect(sse.text).toBe(chunks.map((c) => (typeof c === 'string' ? c : new TextDecoder().decode(c))).join(''));
      const plain = await get('/plain');
      expect(plain.text).toBe('after');
      expect(plain.socket).toBe(sse.socket); // the chunked body ended cleanly: the connection was reused
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("aborts the Request's signal and cancels the body when the socket closes", async () => {
    let cancelled = false;
    const { body } = countingBody(() => {
      cancelled = true;
    });
    let signal: AbortSignal | undefined;
    const res = new FullResponse();
    const node = toNodeHandler(async (request) => {
      signal = request.signal;
      return new Response(body);
    });
    node({ method: 'GET', url: '/', headers: { host: 'h' } } as unknown as IncomingMessage, res as unknown as ServerResponse);
    for (let i = 0; i < 5; i++) await tick();
    expect(signal?.aborted).toBe(false);
    res.emit('close');
    for (let i = 0; i < 5; i++) await tick();
    expect(signal?.aborted).toBe(true);
    expect(cancelled).toBe(true);
  });

  it('answers 500 JSON when the handler throws', async () => {
    const res = new FullResponse();
    let body = '';
    res.end = ((chunk?: string) => {
      body = chunk ?? '';
      res.ended = true;
    }) as typeof res.end;
    const errors: unknown[] = [];
    const node = toNodeHandler(
      async () => {
        throw new Error('kaput');
      },
      { onError: (e) => errors.push(e) },
    );
    node({ method: 'GET', url: '/', headers: {} } as unknown as IncomingMessage, res as unknown as ServerResponse);
    for (let i = 0; i < 5; i++) await tick();
    expect(res.status).toBe(500);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'internal_error' } });
    expect((errors[0] as Error).message).toBe('kaput');
  });
});
